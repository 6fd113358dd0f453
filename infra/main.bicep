// Lumen on Azure: the bot, the app on Container Apps, Azure OpenAI, Azure AI Search,
// PostgreSQL, Key Vault and monitoring. The app reaches every service with its user-assigned
// managed identity (role assignments below); the only secrets are the PostgreSQL
// connection string and, for a SingleTenant bot, the bot's client secret, both in Key Vault.
targetScope = 'resourceGroup'

@minLength(3)
@maxLength(12)
@description('Short name used in every resource name: lower-case letters and digits, e.g. lumen or lumenprod.')
param name string

@description('Region of every resource except the bot (global) and, optionally, Azure OpenAI.')
param location string = resourceGroup().location

@description('Region of Azure OpenAI, when the chat model is not offered in the main region.')
param openAiLocation string = location

@description('Deploy the app and the bot. Set false on the first run, push the image to the registry this creates, then deploy again with true.')
param deployApp bool = true

@description('Image of Lumen in the registry this template creates, e.g. lumenabc123.azurecr.io/lumen:1.0.0. Required when deployApp is true.')
param containerImage string = ''

@allowed(['UserAssignedMSI', 'SingleTenant'])
@description('How the bot authenticates: the app\'s managed identity (no secret), or a single-tenant Entra app registration with a client secret.')
param botAppType string = 'UserAssignedMSI'

@description('Client id of the single-tenant Entra app registration; only for botAppType SingleTenant.')
param botAppId string = ''

@secure()
@description('Client secret of the single-tenant app registration, stored in Key Vault; only for botAppType SingleTenant.')
param botAppPassword string = ''

@allowed(['F0', 'S1'])
@description('Azure Bot pricing tier: F0 (free, standard channels such as Teams are unlimited) or S1.')
param botSku string = 'F0'

@description('Chat model deployed in Azure OpenAI; its deployment has the same name.')
param chatModelName string = 'gpt-4o'

@description('Version of the chat model.')
param chatModelVersion string = '2024-11-20'

@minValue(1)
@description('Chat deployment capacity in thousands of tokens per minute (GlobalStandard).')
param chatCapacity int = 50

@description('Embedding model deployed in Azure OpenAI; its deployment has the same name.')
param embeddingModelName string = 'text-embedding-3-small'

@description('Version of the embedding model.')
param embeddingModelVersion string = '1'

@minValue(1)
@description('Embedding deployment capacity in thousands of tokens per minute.')
param embeddingCapacity int = 120

@minValue(1)
@maxValue(3072)
@description('Vector dimensions of the search index; must match what the embedding model returns (text-embedding-3-small: up to 1536).')
param embeddingDimensions int = 1536

@allowed(['basic', 'standard', 'standard2', 'standard3'])
@description('Azure AI Search tier. Semantic ranker needs basic or higher.')
param searchSku string = 'basic'

@allowed(['disabled', 'free', 'standard'])
@description('Semantic ranker plan: free (1,000 queries a month), standard (billed per 1,000 queries), or disabled.')
param semanticRanker string = 'free'

@description('Name of the knowledge index; `lumen index create` creates it with the definition in the repository.')
param searchIndexName string = 'lumen-knowledge'

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'lumenadmin'

@secure()
@minLength(12)
@description('PostgreSQL administrator password; pass it on the command line, never in the parameters file. It goes into the connection string in Key Vault.')
param postgresAdminPassword string

@description('PostgreSQL compute size.')
param postgresSkuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
@description('PostgreSQL compute tier; must match postgresSkuName.')
param postgresTier string = 'Burstable'

@description('Comma-separated admin principals of Lumen, e.g. user:ana@contoso.com,group:lumen-admins.')
param lumenAdmins string = ''

@minValue(1)
@description('Fewest app replicas; keep 1 or more so Teams messages are answered without a cold start.')
param minReplicas int = 1

@minValue(1)
@description('Most app replicas.')
param maxReplicas int = 5

@description('Tags on every resource.')
param tags object = {}

var suffix = uniqueString(resourceGroup().id, name)
var allTags = union({ app: 'lumen' }, tags)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}-${suffix}'
  location: location
  tags: allTags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: name
    suffix: suffix
    location: location
    tags: allTags
  }
}

module openai 'modules/openai.bicep' = {
  name: 'openai'
  params: {
    accountName: '${name}-oai-${suffix}'
    location: openAiLocation
    tags: allTags
    chatModelName: chatModelName
    chatModelVersion: chatModelVersion
    chatCapacity: chatCapacity
    embeddingModelName: embeddingModelName
    embeddingModelVersion: embeddingModelVersion
    embeddingCapacity: embeddingCapacity
    principalId: identity.properties.principalId
  }
}

module search 'modules/search.bicep' = {
  name: 'search'
  params: {
    serviceName: '${name}-srch-${suffix}'
    location: location
    tags: allTags
    sku: searchSku
    semanticRanker: semanticRanker
    principalId: identity.properties.principalId
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    serverName: '${name}-pg-${suffix}'
    location: location
    tags: allTags
    adminLogin: postgresAdminLogin
    adminPassword: postgresAdminPassword
    skuName: postgresSkuName
    tier: postgresTier
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    vaultName: 'kv-${name}-${take(suffix, 6)}'
    location: location
    tags: allTags
    principalId: identity.properties.principalId
    databaseUrl: 'postgres://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.outputs.fqdn}:5432/${postgres.outputs.databaseName}?sslmode=require'
    botAppPassword: botAppType == 'SingleTenant' ? botAppPassword : ''
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    registryName: '${name}${suffix}'
    location: location
    tags: allTags
    principalId: identity.properties.principalId
  }
}

module app 'modules/app.bicep' = if (deployApp) {
  name: 'app'
  params: {
    name: name
    suffix: suffix
    location: location
    tags: allTags
    image: containerImage
    identityId: identity.id
    identityClientId: identity.properties.clientId
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    registryServer: registry.outputs.loginServer
    databaseUrlSecretUri: keyVault.outputs.databaseUrlSecretUri
    botAppPasswordSecretUri: keyVault.outputs.botAppPasswordSecretUri
    openAiEndpoint: openai.outputs.endpoint
    chatDeployment: openai.outputs.chatDeployment
    embeddingDeployment: openai.outputs.embeddingDeployment
    searchEndpoint: search.outputs.endpoint
    searchIndexName: searchIndexName
    semanticRanker: semanticRanker != 'disabled'
    embeddingDimensions: embeddingDimensions
    botAppType: botAppType
    botAppId: botAppType == 'SingleTenant' ? botAppId : identity.properties.clientId
    lumenAdmins: lumenAdmins
    minReplicas: minReplicas
    maxReplicas: maxReplicas
  }
}

module bot 'modules/bot.bicep' = if (deployApp) {
  name: 'bot'
  params: {
    botName: 'bot-${name}-${suffix}'
    tags: allTags
    sku: botSku
    appType: botAppType
    appId: botAppType == 'SingleTenant' ? botAppId : identity.properties.clientId
    identityResourceId: botAppType == 'UserAssignedMSI' ? identity.id : ''
    messagingEndpoint: deployApp ? 'https://${app.outputs.fqdn}/api/messages' : ''
    appInsightsInstrumentationKey: monitoring.outputs.appInsightsInstrumentationKey
  }
}

@description('Web chat and health endpoint of the app.')
output appUrl string = deployApp ? 'https://${app.outputs.fqdn}' : ''
@description('Registry to push the Lumen image to.')
output registryServer string = registry.outputs.loginServer
output openAiEndpoint string = openai.outputs.endpoint
output searchEndpoint string = search.outputs.endpoint
output searchIndexName string = searchIndexName
output keyVaultName string = keyVault.outputs.vaultName
@description('Client id of the managed identity; set AZURE_CLIENT_ID to it when running `lumen index create` as the app.')
output identityClientId string = identity.properties.clientId
