// Evidence files (screenshots, PDFs) added to cases: a storage account with one private blob
// container. No anonymous access, no shared keys (Microsoft Entra ID only), HTTPS with TLS 1.2,
// soft delete for a week so a mistaken delete can be undone. The app's user-assigned identity gets
// "Storage Blob Data Contributor" on this account only: it reads, writes and deletes blobs, nothing else.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the storage account (3 to 24 lower-case letters and digits, globally unique).')
param accountName string

@description('Name of the private container the evidence goes in (EVIDENCE_BLOB_CONTAINER).')
param containerName string

@description('Object ID of the identity that may read and write the evidence (the web app\'s identity).')
param principalId string

// "Storage Blob Data Contributor": read, write and delete blobs and containers' data.
var blobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: {
          enabled: true
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

resource blobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, blobDataContributorRoleId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributorRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The account\'s blob endpoint (EVIDENCE_BLOB_URL).')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('The container evidence goes in.')
output containerName string = container.name
