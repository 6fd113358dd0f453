// Azure Bot registration pointing at the app's /api/messages, with the Microsoft Teams channel.
param botName string
param tags object
param sku string
@allowed(['UserAssignedMSI', 'SingleTenant'])
param appType string
@description('Client id of the managed identity (UserAssignedMSI) or of the app registration (SingleTenant).')
param appId string
@description('Resource id of the user-assigned identity; empty for SingleTenant.')
param identityResourceId string
param messagingEndpoint string
param appInsightsInstrumentationKey string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: sku }
  properties: {
    displayName: 'Lumen'
    description: 'Answers from company knowledge, with citations.'
    endpoint: messagingEndpoint
    msaAppId: appId
    msaAppType: appType
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: appType == 'UserAssignedMSI' ? identityResourceId : null
    developerAppInsightKey: appInsightsInstrumentationKey
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

output botId string = bot.id
