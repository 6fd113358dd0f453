// Key Vault (RBAC) holding the app's secrets; the managed identity may read them.
param vaultName string
param location string
param tags object
@description('Principal (object) id of the managed identity that reads the secrets.')
param principalId string
@secure()
param databaseUrl string
@secure()
@description('Client secret of a SingleTenant bot; empty for a managed-identity bot.')
param botAppPassword string

var secretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: { value: databaseUrl }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(botAppPassword)) {
  parent: vault
  name: 'bot-app-password'
  properties: { value: botAppPassword }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, secretsUserRole)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRole)
  }
}

output vaultName string = vault.name
output databaseUrlSecretUri string = databaseUrlSecret.properties.secretUri
output botAppPasswordSecretUri string = empty(botAppPassword) ? '' : botPasswordSecret.properties.secretUri
