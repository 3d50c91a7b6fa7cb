// Key Vault for the Slack secrets. Access is by Azure RBAC (no access policies), deleted secrets
// are recoverable for 90 days and cannot be purged early.
//
// The app settings point at the secrets by name, without a version, so they follow the newest
// version. A secret is only written here when a value is given: leave the parameters empty and
// you can put the secrets into the vault by hand, and a later deployment will not overwrite them.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the vault (3 to 24 characters, globally unique).')
param vaultName string

@description('Object ID of the identity that may read secrets (the web app\'s identity).')
param principalId string

@description('Whether the Slack app is served.')
param slackEnabled bool

@description('Slack bot token; empty to leave the secret as it is.')
@secure()
param slackBotToken string

@description('Slack signing secret; empty to leave the secret as it is.')
@secure()
param slackSigningSecret string

var slackBotTokenSecretName = 'slack-bot-token'
var slackSigningSecretSecretName = 'slack-signing-secret'

// "Key Vault Secrets User": read secret values, nothing else.
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Once on, purge protection cannot be turned off: nobody can destroy a deleted secret early.
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource slackBotTokenSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (slackEnabled && !empty(slackBotToken)) {
  parent: vault
  name: slackBotTokenSecretName
  properties: {
    value: slackBotToken
    contentType: 'text/plain'
  }
}

resource slackSigningSecretSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (slackEnabled && !empty(slackSigningSecret)) {
  parent: vault
  name: slackSigningSecretSecretName
  properties: {
    value: slackSigningSecret
    contentType: 'text/plain'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, secretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the vault.')
output vaultName string = vault.name

@description('Versionless URI of the Slack bot token secret, for a Key Vault reference.')
output slackBotTokenUri string = '${vault.properties.vaultUri}secrets/${slackBotTokenSecretName}'

@description('Versionless URI of the Slack signing secret, for a Key Vault reference.')
output slackSigningSecretUri string = '${vault.properties.vaultUri}secrets/${slackSigningSecretSecretName}'
