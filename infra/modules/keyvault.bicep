// Key Vault for the two keys of the privacy core: the 256-bit data key that seals routing
// records and the separate HMAC key for look-ups. The template creates the vault only; the
// keys are set once by an operator (see infra/README.md), so no key ever passes through a
// template or a deployment history.

@description('Azure region for the vault.')
param location string

@description('Globally unique vault name, 3 to 24 characters.')
@minLength(3)
@maxLength(24)
param name string

@description('Entra tenant that authenticates access to the vault.')
param tenantId string

@description('Object id of the bot\'s managed identity; it gets secret read access and nothing more.')
param readerPrincipalId string

@description('Days a deleted vault or secret stays recoverable (7 to 90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Log Analytics workspace that receives the vault\'s audit log (who read which secret, when).')
param workspaceId string

@description('Tags applied to every resource.')
param tags object

// Built-in role "Key Vault Secrets User": read secret values, nothing else.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource auditLog 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

@description('Vault URI the app reads its keys from.')
output vaultUri string = vault.properties.vaultUri

@description('Vault name, for the documented key creation step.')
output name string = vault.name
