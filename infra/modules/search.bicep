// Azure AI Search with the semantic ranker. Keys are disabled: the app reads and writes the
// index with its managed identity and may create or update the index definition.
param serviceName string
param location string
param tags object
param sku string
param semanticRanker string
@description('Principal (object) id of the managed identity that uses the index.')
param principalId string

var indexDataContributorRole = '8ebe5a00-799e-43f5-93ac-243d3dce84a7' // Search Index Data Contributor
var serviceContributorRole = '7ca78c08-252a-4471-8644-bb5ff32d4ba0' // Search Service Contributor

resource search 'Microsoft.Search/searchServices@2023-11-01' = {
  name: serviceName
  location: location
  tags: tags
  sku: { name: sku }
  properties: {
    replicaCount: 1
    partitionCount: 1
    hostingMode: 'default'
    publicNetworkAccess: 'enabled'
    disableLocalAuth: true
    semanticSearch: semanticRanker
  }
}

resource indexData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(search.id, principalId, indexDataContributorRole)
  scope: search
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', indexDataContributorRole)
  }
}

resource serviceContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(search.id, principalId, serviceContributorRole)
  scope: search
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceContributorRole)
  }
}

output endpoint string = 'https://${search.name}.search.windows.net'
