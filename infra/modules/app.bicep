// Lumen on Azure Container Apps: one container, probes on /healthz (started), /readyz and /livez, secrets from
// Key Vault through the managed identity, HTTP autoscaling.
param name string
param suffix string
param location string
param tags object
@minLength(1)
@description('Image of Lumen, e.g. lumenabc123.azurecr.io/lumen:1.0.0.')
param image string
param identityId string
param identityClientId string
param logAnalyticsName string
param appInsightsConnectionString string
param registryServer string
param databaseUrlSecretUri string
@description('Key Vault URI of the bot client secret; empty for a managed-identity bot.')
param botAppPasswordSecretUri string
param openAiEndpoint string
param chatDeployment string
param embeddingDeployment string
param searchEndpoint string
param searchIndexName string
param semanticRanker bool
param embeddingDimensions int
param botAppType string
param botAppId string
param lumenAdmins string
param minReplicas int
param maxReplicas int

var port = 3978

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${name}-${suffix}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

var botSecret = empty(botAppPasswordSecretUri)
  ? []
  : [{ name: 'bot-app-password', keyVaultUrl: botAppPasswordSecretUri, identity: identityId }]
var botPasswordEnv = empty(botAppPasswordSecretUri) ? [] : [{ name: 'MicrosoftAppPassword', secretRef: 'bot-app-password' }]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'ca-${name}-${suffix}'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: [{ server: registryServer, identity: identityId }]
      secrets: concat([{ name: 'database-url', keyVaultUrl: databaseUrlSecretUri, identity: identityId }], botSecret)
    }
    template: {
      containers: [
        {
          name: 'lumen'
          image: image
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: concat(
            [
              { name: 'PORT', value: string(port) }
              { name: 'HOST', value: '0.0.0.0' }
              { name: 'LUMEN_DATA_DIR', value: '/tmp/lumen' }
              // Ingestion runs as a job (`lumen ingest`), not in every replica at start.
              { name: 'LUMEN_INGEST_ON_START', value: 'false' }
              { name: 'LUMEN_ADMINS', value: lumenAdmins }
              // The Container Apps ingress terminates TLS: one proxy, whose X-Forwarded-For names the client.
              { name: 'LUMEN_TRUST_PROXY', value: '1' }
              { name: 'DATABASE_URL', secretRef: 'database-url' }
              // DefaultAzureCredential picks the user-assigned identity by its client id.
              { name: 'AZURE_CLIENT_ID', value: identityClientId }
              { name: 'AZURE_OPENAI_ENDPOINT', value: openAiEndpoint }
              { name: 'AZURE_OPENAI_CHAT_DEPLOYMENT', value: chatDeployment }
              { name: 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT', value: embeddingDeployment }
              { name: 'AZURE_SEARCH_ENDPOINT', value: searchEndpoint }
              { name: 'AZURE_SEARCH_INDEX', value: searchIndexName }
              { name: 'AZURE_SEARCH_SEMANTIC_RANKER', value: string(semanticRanker) }
              { name: 'AZURE_SEARCH_EMBEDDING_DIMENSIONS', value: string(embeddingDimensions) }
              { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
              { name: 'MicrosoftAppType', value: botAppType }
              { name: 'MicrosoftAppId', value: botAppId }
              { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
            ],
            botPasswordEnv
          )
          probes: [
            {
              type: 'Startup'
              httpGet: { path: '/healthz', port: port }
              periodSeconds: 5
              failureThreshold: 60
            }
            {
              type: 'Readiness'
              httpGet: { path: '/readyz', port: port }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Liveness'
              httpGet: { path: '/livez', port: port }
              periodSeconds: 30
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http'
            http: { metadata: { concurrentRequests: '40' } }
          }
        ]
      }
    }
  }
}

output fqdn string = app.properties.configuration.ingress.fqdn
