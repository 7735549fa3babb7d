// The one identity the bot runs as: it signs in to the Bot Framework (as the bot's app id),
// reads the two keys from Key Vault, writes tables and calls Graph. No client secret exists.

@description('Azure region for the identity.')
param location string

@description('Name of the user-assigned managed identity.')
param name string

@description('Tags applied to every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, used by the Azure Bot (msaAppMSIResourceId) and the web app.')
output id string = identity.id

@description('Client id: the bot\'s Microsoft App ID and AZURE_CLIENT_ID for DefaultAzureCredential.')
output clientId string = identity.properties.clientId

@description('Object id of the service principal, for role assignments.')
output principalId string = identity.properties.principalId

@description('Tenant the identity lives in.')
output tenantId string = identity.properties.tenantId
