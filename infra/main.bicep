// ConfidantBot in one resource group: identity, monitoring and alerts, Key Vault, table storage,
// the App Service host and the Azure Bot with its Teams channel.
//
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.bicepparam
//
// Nothing secret is a parameter or an output. The data key and the HMAC key are created in
// Key Vault by an operator after the first deployment (infra/README.md).

targetScope = 'resourceGroup'

@description('Azure region for every regional resource (the bot itself is global).')
param location string = resourceGroup().location

@description('Short lowercase name that starts every resource name, e.g. confidantbot.')
@minLength(3)
@maxLength(12)
param baseName string = 'confidantbot'

@description('Entra tenant id the bot is registered in; only this tenant may use it.')
param tenantId string = tenant().tenantId

@description('Address of the service mailbox that organises confidential appointments, e.g. vertrouwelijk@gemeente.nl.')
param serviceMailboxAddress string

@description('Mail domains confidants\' invitation addresses may be in, e.g. [\'gemeente.nl\', \'vertrouwenspersonen.nl\']: booking requests can only be sent there.')
@minLength(1)
param allowedInvitationDomains array

@description('Custom host name bound to the web app (without https://); empty uses <app>.azurewebsites.net. Bind the domain and its certificate separately.')
param customHostName string = ''

@description('App Service plan SKU.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServicePlanSku string = 'B1'

@description('Number of web app instances.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Bot Service pricing tier.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Storage redundancy for the tables.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Days to keep logs and telemetry (they hold no content, but still: keep them short).')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Days a deleted Key Vault or key stays recoverable.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('E-mail address (an operator or a team mailbox) that receives the alerts: 5xx on /api/messages, Graph failures, a stuck answer relay, Key Vault failures, the app being down.')
param alertEmailAddress string

@description('Alert when more than this percentage of POSTs to /api/messages answered 5xx in 15 minutes.')
@minValue(1)
@maxValue(100)
param serverErrorPercentThreshold int = 5

@description('Alert when more than this many Microsoft Graph calls failed in 15 minutes.')
@minValue(0)
param graphFailureThreshold int = 5

@description('Alert when the answer relay has not finished a pass for more than this many seconds (it polls every 2 minutes by default).')
@minValue(60)
param relayLagThresholdSeconds int = 900

@description('Alert when more than this many Key Vault key fetches failed in 15 minutes (keys are cached: any failure matters).')
@minValue(0)
param keyVaultFailureThreshold int = 0

@description('Alert when the /healthz availability test fails from at least this many of its five locations.')
@minValue(1)
@maxValue(5)
param availabilityFailedLocationThreshold int = 2

@description('Tags applied to every resource.')
param tags object = {
  application: 'ConfidantBot'
}

// Globally unique names stay stable for one resource group.
var suffix = take(uniqueString(resourceGroup().id), 8)
var compactBaseName = toLower(replace(baseName, '-', ''))
var appName = '${baseName}-${suffix}'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: 'id-${baseName}'
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: 'log-${baseName}'
    appInsightsName: 'appi-${baseName}'
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    name: take('kv-${compactBaseName}-${suffix}', 24)
    tenantId: tenantId
    readerPrincipalId: identity.outputs.principalId
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: take('st${compactBaseName}${suffix}', 24)
    skuName: storageSku
    dataPrincipalId: identity.outputs.principalId
    tags: tags
  }
}

module host 'modules/appservice.bicep' = {
  name: 'host'
  params: {
    location: location
    planName: 'asp-${baseName}'
    appName: appName
    skuName: appServicePlanSku
    instanceCount: instanceCount
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    tenantId: tenantId
    keyVaultUri: keyVault.outputs.vaultUri
    tableEndpoint: storage.outputs.tableEndpoint
    serviceMailboxAddress: serviceMailboxAddress
    allowedInvitationDomains: allowedInvitationDomains
    appInsightsName: monitoring.outputs.appInsightsName
    tags: tags
  }
}

var hostName = empty(customHostName) ? host.outputs.defaultHostName : customHostName

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: 'bot-${baseName}-${suffix}'
    displayName: 'ConfidantBot'
    endpoint: 'https://${hostName}/api/messages'
    identityClientId: identity.outputs.clientId
    identityId: identity.outputs.id
    tenantId: tenantId
    skuName: botSku
    tags: tags
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    appInsightsName: monitoring.outputs.appInsightsName
    hostName: host.outputs.defaultHostName
    alertEmailAddress: alertEmailAddress
    serverErrorPercentThreshold: serverErrorPercentThreshold
    graphFailureThreshold: graphFailureThreshold
    relayLagThresholdSeconds: relayLagThresholdSeconds
    keyVaultFailureThreshold: keyVaultFailureThreshold
    availabilityFailedLocationThreshold: availabilityFailedLocationThreshold
    tags: tags
  }
}

@description('BOT_ID for manifest/pack.sh: the managed identity\'s client id.')
output botAppId string = bot.outputs.appId

@description('Name of the Azure Bot resource.')
output botName string = bot.outputs.name

@description('HOST_NAME for manifest/pack.sh.')
output hostName string = hostName

@description('Object id of the managed identity\'s service principal: grant Graph permissions and Exchange RBAC to it.')
output identityPrincipalId string = identity.outputs.principalId

@description('Vault to create the data key and HMAC key in.')
output keyVaultName string = keyVault.outputs.name

@description('Web app to deploy the published app to.')
output webAppName string = host.outputs.name
