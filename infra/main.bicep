// The eSafety incident bot in one resource group: a user-assigned identity the bot, the web app,
// Cosmos DB and Key Vault all agree on, so there is no password or database key anywhere.
//
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.parameters.json -p namePrefix=<prefix>
//
// docs/deploy-azure.md walks through the whole deployment, including building and uploading the code.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

@description('Short lower-case prefix for every resource name, for example your school or trust initials (3 to 11 letters or digits, starting with a letter).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Azure region for everything except the bot registration, which is global. Use UK South or UK West to keep pupil data in the UK.')
param location string = resourceGroup().location

@description('Tags put on every resource, so the bill and the inventory say what each thing is for.')
param tags object = {
  application: 'esafety-incident-bot'
  dataClassification: 'safeguarding'
}

@description('App Service plan size. B1 is the cheapest that keeps the app always on; Premium v3 gives more memory and a faster CPU.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServicePlanSku string = 'P0v3'

@description('How many instances run the bot. Two or more keep it answering while one restarts; the app coordinates them with leases and an outbox.')
@minValue(1)
@maxValue(10)
param appServicePlanInstanceCount int = 2

@description('Azure Bot pricing tier. Teams is a standard channel, so F0 is normally enough; S1 adds the paid service level.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('The bot\'s name as staff see it in Teams.')
param botDisplayName string = 'eSafety'

@description('serverless: pay per request, best for one school. autoscale: a reserved ceiling of throughput shared by all containers, for a trust with steady traffic.')
@allowed([
  'serverless'
  'autoscale'
])
param cosmosCapacityMode string = 'serverless'

@description('With autoscale only: the most RU/s the database may scale up to (it idles at a tenth of this).')
@minValue(1000)
@maxValue(1000000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Continuous7Days: point-in-time restore to any second of the last 7 days, at no extra charge. Periodic: a snapshot every 4 hours, restored by raising a support request.')
@allowed([
  'Continuous7Days'
  'Periodic'
])
param cosmosBackupMode string = 'Continuous7Days'

@description('Name of the Cosmos DB database the app uses (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'esafety'

@description('Days to keep logs in the Log Analytics workspace.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Serve the Slack app too. Needs slackBotToken and slackSigningSecret, either here or put into Key Vault by hand.')
param slackEnabled bool = false

@description('Slack bot token (xoxb-...). Stored in Key Vault, never in app settings. Leave empty to manage the secret in Key Vault yourself.')
@secure()
param slackBotToken string = ''

@description('Slack signing secret. Stored in Key Vault, never in app settings. Leave empty to manage the secret in Key Vault yourself.')
@secure()
param slackSigningSecret string = ''

// ---------------------------------------------------------------------------------------------
// Names: global names need a suffix that is stable for this resource group.
// ---------------------------------------------------------------------------------------------

var prefix = toLower(namePrefix)
var suffix = uniqueString(resourceGroup().id, prefix)
var names = {
  identity: '${prefix}-id-${suffix}'
  plan: '${prefix}-plan-${suffix}'
  webApp: '${prefix}-app-${suffix}'
  bot: '${prefix}-bot-${suffix}'
  cosmos: '${prefix}-cosmos-${suffix}'
  // Key Vault names are at most 24 characters.
  keyVault: take('${prefix}kv${suffix}', 24)
  // Storage account names are 3 to 24 lower-case letters and digits.
  evidence: take('${prefix}ev${suffix}', 24)
  workspace: '${prefix}-logs-${suffix}'
  appInsights: '${prefix}-ai-${suffix}'
}

// ---------------------------------------------------------------------------------------------
// Identity: one user-assigned identity is the bot's Microsoft App ID and the app's way into
// Cosmos DB, Key Vault and the evidence storage. It outlives the web app, so redeploying the app keeps the bot's ID.
// ---------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionDays
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    tags: tags
    accountName: names.cosmos
    databaseName: cosmosDatabaseName
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    backupMode: cosmosBackupMode
    principalId: identity.properties.principalId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    tags: tags
    vaultName: names.keyVault
    principalId: identity.properties.principalId
    slackEnabled: slackEnabled
    slackBotToken: slackBotToken
    slackSigningSecret: slackSigningSecret
  }
}

module evidenceStorage 'modules/evidence-storage.bicep' = {
  name: 'evidenceStorage'
  params: {
    location: location
    tags: tags
    accountName: names.evidence
    containerName: 'evidence'
    principalId: identity.properties.principalId
  }
}

module webApp 'modules/web-app.bicep' = {
  name: 'webApp'
  params: {
    location: location
    tags: tags
    planName: names.plan
    webAppName: names.webApp
    planSku: appServicePlanSku
    instanceCount: appServicePlanInstanceCount
    identityId: identity.id
    identityClientId: identity.properties.clientId
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmosDatabaseName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    workspaceId: monitoring.outputs.workspaceId
    slackEnabled: slackEnabled
    slackBotTokenUri: keyVault.outputs.slackBotTokenUri
    slackSigningSecretUri: keyVault.outputs.slackSigningSecretUri
    evidenceBlobUrl: evidenceStorage.outputs.blobEndpoint
    evidenceContainerName: evidenceStorage.outputs.containerName
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    tags: tags
    botName: names.bot
    displayName: botDisplayName
    sku: botSku
    messagingEndpoint: 'https://${webApp.outputs.hostName}/api/messages'
    identityClientId: identity.properties.clientId
    identityId: identity.id
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs: what the deployment guide asks you to copy into the next step.
// ---------------------------------------------------------------------------------------------

@description('Host name of the web app: health checks, the Slack request URL and the log stream use it.')
output webAppHostName string = webApp.outputs.hostName

@description('Name of the web app, for az webapp deploy and az webapp log tail.')
output webAppName string = names.webApp

@description('The Bot Framework messaging endpoint registered on the Azure Bot.')
output messagingEndpoint string = 'https://${webApp.outputs.hostName}/api/messages'

@description('The bot\'s Microsoft App ID: use it as MicrosoftAppId when running npm run package for the Teams app.')
output botIdentityClientId string = identity.properties.clientId

@description('Blob endpoint of the evidence storage account (EVIDENCE_BLOB_URL).')
output evidenceBlobUrl string = evidenceStorage.outputs.blobEndpoint

@description('Cosmos DB endpoint the app uses (COSMOS_ENDPOINT).')
output cosmosEndpoint string = cosmos.outputs.endpoint

@description('Key Vault holding the Slack secrets.')
output keyVaultName string = keyVault.outputs.vaultName
