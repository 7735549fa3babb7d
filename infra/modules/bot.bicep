// The Azure Bot registration: single tenant, authenticated as the user-assigned managed
// identity (no app password exists), Teams as its only channel.

@description('Globally unique bot handle.')
param name string

@description('Name people see for the bot in the Azure portal.')
param displayName string

@description('Public messaging endpoint: https://<host>/api/messages.')
param endpoint string

@description('Client id of the user-assigned managed identity; it is the bot\'s Microsoft App ID.')
param identityClientId string

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Entra tenant id the bot belongs to.')
param tenantId string

@description('Bot Service pricing tier; Teams is a standard channel, so F0 carries it.')
@allowed([
  'F0'
  'S1'
])
param skuName string

@description('Tags applied to every resource.')
param tags object

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: skuName
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppTenantId: tenantId
    msaAppMSIResourceId: identityId
    // Teams only: no Direct Line or Web Chat secrets are wanted, so only Entra auth is allowed.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
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
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

@description('The bot\'s Microsoft App ID (BOT_ID in the Teams manifest).')
output appId string = bot.properties.msaAppId

@description('Name of the bot resource, for az bot show.')
output name string = bot.name
