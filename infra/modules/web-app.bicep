// The bot's HTTP front door: a Linux App Service plan and a Node web app running the built code
// (deployed as a zip of dist/, node_modules/, policy/ and package.json; see docs/deploy-azure.md).

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the App Service plan.')
param planName string

@description('Name of the web app (globally unique; becomes <name>.azurewebsites.net or similar).')
param webAppName string

@description('App Service plan size.')
param planSku string

@description('Number of instances.')
param instanceCount int

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

@description('Client ID of that identity: the bot\'s Microsoft App ID, and the identity the Azure SDK picks.')
param identityClientId string

@description('Cosmos DB document endpoint.')
param cosmosEndpoint string

@description('Cosmos DB database name.')
param cosmosDatabaseName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Log Analytics workspace for the app\'s console and HTTP logs.')
param workspaceId string

@description('Whether the Slack app is served (adds the two Slack settings as Key Vault references).')
param slackEnabled bool

@description('Versionless Key Vault URI of the Slack bot token.')
param slackBotTokenUri string

@description('Versionless Key Vault URI of the Slack signing secret.')
param slackSigningSecretUri string

@description('Blob endpoint of the evidence storage account, reached with the identity (no key).')
param evidenceBlobUrl string

@description('The private container evidence files go in.')
param evidenceContainerName string

// Settings read by src/app/config.ts (test/infra checks every name against ConfigSchema).
var appSettings = [
  {
    name: 'NODE_ENV'
    value: 'production'
  }
  {
    name: 'STORE'
    value: 'cosmos'
  }
  {
    name: 'COSMOS_ENDPOINT'
    value: cosmosEndpoint
  }
  {
    name: 'COSMOS_DATABASE'
    value: cosmosDatabaseName
  }
  // No COSMOS_KEY: without one the app signs in to Cosmos with its managed identity.
  {
    name: 'MicrosoftAppType'
    value: 'UserAssignedMsi'
  }
  {
    name: 'MicrosoftAppId'
    value: identityClientId
  }
  {
    name: 'MicrosoftAppTenantId'
    value: tenant().tenantId
  }
  {
    name: 'PLAYGROUND'
    value: 'off'
  }
  {
    name: 'LOG_LEVEL'
    value: 'info'
  }
  {
    name: 'POLICY_DIR'
    value: 'policy'
  }
  {
    name: 'SCHEDULER'
    value: 'on'
  }
  // App Service routes one port to the app, so Slack's /slack/events is served on the bot's port.
  {
    name: 'SLACK_PORT'
    value: 'same'
  }
  // Evidence files in Blob Storage, reached with the managed identity (no connection string).
  {
    name: 'EVIDENCE_STORE'
    value: 'blob'
  }
  {
    name: 'EVIDENCE_BLOB_URL'
    value: evidenceBlobUrl
  }
  {
    name: 'EVIDENCE_BLOB_CONTAINER'
    value: evidenceContainerName
  }
]

// Only with Slack: Key Vault references, resolved by App Service with the identity below.
var slackAppSettings = [
  {
    name: 'SLACK_BOT_TOKEN'
    value: '@Microsoft.KeyVault(SecretUri=${slackBotTokenUri})'
  }
  {
    name: 'SLACK_SIGNING_SECRET'
    value: '@Microsoft.KeyVault(SecretUri=${slackSigningSecretUri})'
  }
]

// Read by Azure itself or the Azure SDK, not by config.ts.
var platformAppSettings = [
  {
    // DefaultAzureCredential uses this user-assigned identity.
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsightsConnectionString
  }
  {
    // Turns on the Application Insights agent for Node without code changes.
    name: 'ApplicationInsightsAgent_EXTENSION_VERSION'
    value: '~3'
  }
  {
    // The zip is already built (npm ci, npm run build, npm prune --omit=dev): do not build again.
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'false'
  }
]

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSku
    capacity: instanceCount
  }
  properties: {
    // reserved = Linux.
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: webAppName
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
    // Any instance can answer any request: state lives in Cosmos DB, not in memory.
    clientAffinityEnabled: false
    // Key Vault references are resolved with the user-assigned identity (there is no system one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // Runs node dist/src/app/main.js from the app root, which is where policy/ is.
      appCommandLine: 'npm run start:prod'
      // The outbox, reminders and scheduled jobs run in the background, so never idle the app.
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // /readyz answers 503 while draining or when the store is unreachable, so App Service
      // takes that instance out of rotation instead of sending it Teams traffic.
      healthCheckPath: '/readyz'
      appSettings: concat(appSettings, slackEnabled ? slackAppSettings : [], platformAppSettings)
    }
  }
}

// The app writes structured JSON logs to stdout: send them, and the HTTP access log, to Log Analytics.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Default host name of the web app.')
output hostName string = site.properties.defaultHostName
