// The app host: App Service for Linux running .NET 10. The app's configuration holds no
// secret: it signs in everywhere with the user-assigned managed identity, and its keys
// come from Key Vault at run time.

@description('Azure region for the plan and the web app.')
param location string

@description('Name of the App Service plan.')
param planName string

@description('Globally unique name of the web app; it becomes <name>.azurewebsites.net.')
param appName string

@description('App Service plan SKU (B1 and up support Always On and health checks).')
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
param skuName string

@description('Number of instances; the bot runs safely on several (storage uses ETags, retention uses leases).')
@minValue(1)
@maxValue(10)
param instanceCount int

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of that identity: the bot\'s app id and AZURE_CLIENT_ID.')
param identityClientId string

@description('Entra tenant id the bot is registered in (single tenant).')
param tenantId string

@description('Key Vault URI holding the data key and the HMAC key.')
param keyVaultUri string

@description('Azure Table Storage endpoint, reached with the managed identity.')
param tableEndpoint string

@description('Address of the service mailbox that organises confidential appointments.')
param serviceMailboxAddress string

@description('Mail domains a confidant\'s invitation address may be in (booking requests go only there).')
param allowedInvitationDomains array

@description('Name of the Application Insights component that receives content-free telemetry.')
param appInsightsName string

@description('Tags applied to every resource.')
param tags object

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      alwaysOn: true
      // Readiness (store, keys, Graph token): an instance that cannot serve is taken out of rotation.
      // Liveness (/healthz) is what the availability test in alerts.bicep calls.
      healthCheckPath: '/healthz/ready'
      remoteDebuggingEnabled: false
      // Every value here is an identifier or an endpoint, never a secret.
      appSettings: [
        {
          name: 'ASPNETCORE_ENVIRONMENT'
          value: 'Production'
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        {
          name: 'Bot__AppId'
          value: identityClientId
        }
        {
          name: 'Bot__TenantId'
          value: tenantId
        }
        {
          name: 'KeyVault__VaultUri'
          value: keyVaultUri
        }
        {
          name: 'Storage__TableEndpoint'
          value: tableEndpoint
        }
        {
          name: 'Booking__ServiceMailbox'
          value: serviceMailboxAddress
        }
        {
          name: 'InvitationAddresses__AllowedDomains__0'
          value: join(allowedInvitationDomains, ';')
        }
        {
          // Runtime setting (only an environment variable can set it): a 32 MB gen0 budget instead of the
          // workstation GC's ~6 MB cap. A turn allocates ~70 KB; with the small budget the GC ran ~40 times a
          // second under load and took a third of the CPU. See docs/performance.md.
          name: 'DOTNET_GCgen0size'
          value: '0x2000000'
        }
        {
          // An ingestion endpoint and id, not a credential; read from the component itself.
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
      ]
    }
  }
}

// Deployment goes through Entra sign-in (az webapp deploy), never basic-auth passwords.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Default host name of the web app, e.g. confidantbot-abc123.azurewebsites.net.')
output defaultHostName string = app.properties.defaultHostName

@description('Name of the web app, for az webapp deploy.')
output name string = app.name
