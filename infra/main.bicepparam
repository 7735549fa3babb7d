// Example parameters. Copy, fill in the <...> values, and deploy with
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.bicepparam
// There is nothing secret to put here: the keys are created in Key Vault afterwards.
using 'main.bicep'

param baseName = 'confidantbot'
param serviceMailboxAddress = '<vertrouwelijk@gemeente.example>'
// Booking requests go only to confidants' addresses in these mail domains (HR cannot redirect them elsewhere).
param allowedInvitationDomains = [
  '<gemeente.example>'
  '<vertrouwenspersonen.example>'
]
param alertEmailAddress = '<beheer@gemeente.example>'
param customHostName = ''
param appServicePlanSku = 'B1'
param instanceCount = 1
param botSku = 'F0'
param storageSku = 'Standard_ZRS'
param logRetentionInDays = 30
param serverErrorPercentThreshold = 5
param graphFailureThreshold = 5
param relayLagThresholdSeconds = 900
param keyVaultFailureThreshold = 0
param availabilityFailedLocationThreshold = 2
param tags = {
  application: 'ConfidantBot'
  environment: 'production'
}
