// Alerts to an operator: nobody in this audience complains when the bot fails, so Azure Monitor must.
// Every rule reads content-free telemetry only: request names and result codes, and the app's own metrics
// (src/ConfidantBot/Operations/ConfidantBotMetrics.cs, customMetrics in Application Insights).

@description('Azure region of the log alert rules and the availability test.')
param location string

@description('Name of the Application Insights component the rules query.')
param appInsightsName string

@description('Host name of the web app (no scheme, no path): the availability test calls https://<host>/healthz.')
param hostName string

@description('E-mail address of the operator or team mailbox that receives the alerts.')
param alertEmailAddress string

@description('Alert when more than this percentage of POSTs to /api/messages answered 5xx in 15 minutes.')
@minValue(1)
@maxValue(100)
param serverErrorPercentThreshold int

@description('Alert when more than this many Microsoft Graph calls failed in 15 minutes.')
@minValue(0)
param graphFailureThreshold int

@description('Alert when the answer relay has not finished a pass over the open requests for more than this many seconds.')
@minValue(60)
param relayLagThresholdSeconds int

@description('Alert when more than this many Key Vault key fetches failed in 15 minutes.')
@minValue(0)
param keyVaultFailureThreshold int

@description('Alert when the availability test fails from at least this many of its locations.')
@minValue(1)
@maxValue(5)
param availabilityFailedLocationThreshold int

@description('Tags applied to every resource.')
param tags object

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${appInsightsName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'confidant'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

// Log alert rules over Application Insights: every 5 minutes over the last 15 minutes.
var logRules = [
  {
    name: 'server-errors'
    description: 'POST /api/messages answered 5xx: Teams messages are being lost.'
    severity: 1
    query: 'requests | where name has "/api/messages" | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total > 0 | project value = 100.0 * failed / total'
    threshold: serverErrorPercentThreshold
  }
  {
    name: 'graph-failures'
    description: 'Microsoft Graph calls fail: bookings, answers or reminders do not reach the confidants (permissions, Exchange RBAC scope or an outage).'
    severity: 2
    query: 'customMetrics | where name == "confidantbot.graph.errors" | summarize value = sum(valueSum)'
    threshold: graphFailureThreshold
  }
  {
    name: 'relay-lag'
    description: 'The answer relay is stuck: confidants\' answers do not reach the people who asked.'
    severity: 2
    query: 'customMetrics | where name == "confidantbot.relay.lag" | summarize value = max(valueMax)'
    threshold: relayLagThresholdSeconds
  }
  {
    name: 'key-vault-failures'
    description: 'Key Vault does not give the data or HMAC key: nothing can be sealed, opened or looked up.'
    severity: 1
    query: 'customMetrics | where name == "confidantbot.keyvault.failures" | summarize value = sum(valueSum)'
    threshold: keyVaultFailureThreshold
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2022-06-15' = [
  for rule in logRules: {
    name: '${appInsightsName}-${rule.name}'
    location: location
    tags: tags
    properties: {
      displayName: 'ConfidantBot ${rule.name}'
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Maximum'
            metricMeasureColumn: 'value'
            operator: 'GreaterThan'
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: [
          operators.id
        ]
      }
    }
  }
]

// The app is down: a standard availability test calls the liveness endpoint from several regions.
resource liveness 'Microsoft.Insights/webtests@2022-06-15' = {
  name: '${appInsightsName}-healthz'
  location: location
  tags: union(tags, {
    'hidden-link:${appInsights.id}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: '${appInsightsName}-healthz'
    Name: 'ConfidantBot /healthz'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-nl-ams-azr'
      }
      {
        Id: 'emea-gb-db3-azr'
      }
      {
        Id: 'emea-fr-pra-edge'
      }
      {
        Id: 'emea-se-sto-edge'
      }
      {
        Id: 'emea-ch-zrh-edge'
      }
    ]
    Request: {
      RequestUrl: 'https://${hostName}/healthz'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource appDown 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${appInsightsName}-app-down'
  location: 'global'
  tags: tags
  properties: {
    description: 'ConfidantBot does not answer on /healthz: the bot is down for everyone.'
    severity: 0
    enabled: true
    scopes: [
      liveness.id
      appInsights.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: liveness.id
      componentId: appInsights.id
      failedLocationCount: availabilityFailedLocationThreshold
    }
    actions: [
      {
        actionGroupId: operators.id
      }
    ]
  }
}

@description('Names of the alert rules, for the deployment guide.')
output alertRuleNames array = concat(map(logRules, rule => '${appInsightsName}-${rule.name}'), [appDown.name])
