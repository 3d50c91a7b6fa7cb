// The Azure Bot registration: tells the Bot Framework where the bot lives and which identity
// signs its messages, and switches on the Microsoft Teams channel.
//
// msaAppType UserAssignedMSI means there is no app registration and no client secret to rotate:
// the user-assigned identity's client ID is the bot's Microsoft App ID.

@description('Tags for every resource.')
param tags object

@description('Name of the bot resource (globally unique).')
param botName string

@description('Display name of the bot.')
param displayName string

@description('F0 or S1.')
@allowed([
  'F0'
  'S1'
])
param sku string

@description('https://<web app host>/api/messages')
param messagingEndpoint string

@description('Client ID of the user-assigned identity (the Microsoft App ID).')
param identityClientId string

@description('Resource ID of the user-assigned identity.')
param identityId string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  // Bot registrations are global; the bot's code and data stay in the web app's region.
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: identityId
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
    }
  }
}

@description('Name of the bot resource.')
output botName string = bot.name
