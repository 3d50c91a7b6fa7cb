// Cosmos DB for NoSQL: the account, the database and one container per collection.
//
// Keys are switched off (disableLocalAuth), so the only way in is Microsoft Entra ID. Entra data-plane
// roles can read and write items but cannot create databases or containers, which is why this
// template creates all of them: the app checks they exist at start-up and refuses to run otherwise.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the Cosmos DB account (globally unique, lower case).')
param accountName string

@description('Name of the SQL database.')
param databaseName string

@description('serverless or autoscale.')
@allowed([
  'serverless'
  'autoscale'
])
param capacityMode string

@description('With autoscale: the ceiling of RU/s shared by every container in the database.')
param autoscaleMaxThroughput int

@description('Continuous7Days or Periodic.')
@allowed([
  'Continuous7Days'
  'Periodic'
])
param backupMode string

@description('Object ID of the identity that gets read and write access to the data.')
param principalId string

// Exactly the COLLECTIONS array in src/ports/document-store.ts (test/infra checks they match).
var collections = [
  'incidents'
  'wizards'
  'audit'
  'counters'
  'people'
  'signatures'
  'conversations'
  'leases'
  'outbox'
  'sent'
  'pupils'
  'links'
  'evidence'
  'transfers'
  'filtering'
  'alerts'
  'reviews'
]

// Every document carries its school, and every query names one, so the school is the partition.
var partitionKeyPath = '/schoolId'

// "Cosmos DB Built-in Data Contributor": read, write and query items; no control-plane rights.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

var serverless = capacityMode == 'serverless'

var continuousBackup = {
  type: 'Continuous'
  continuousModeProperties: {
    tier: 'Continuous7Days'
  }
}

var periodicBackup = {
  type: 'Periodic'
  periodicModeProperties: {
    backupIntervalInMinutes: 240
    backupRetentionIntervalInHours: 8
    // Local keeps the backup copies in the account's own region (data residency).
    backupStorageRedundancy: 'Local'
  }
}

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    // Session: each instance reads its own writes; the app's ETag checks do the rest.
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: serverless ? [
      {
        name: 'EnableServerless'
      }
    ] : []
    backupPolicy: backupMode == 'Continuous7Days' ? continuousBackup : periodicBackup
    // Identity only: no account keys, and keys could not change the schema even if re-enabled.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-04-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    // Autoscale is set once on the database and shared by all ten containers, which is far cheaper
    // than ten containers each with their own minimum. Serverless accounts take no throughput at all.
    options: serverless ? {} : {
      autoscaleSettings: {
        maxThroughput: autoscaleMaxThroughput
      }
    }
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15' = [
  for collection in collections: {
    parent: database
    name: collection
    properties: {
      resource: {
        id: collection
        partitionKey: {
          paths: [
            partitionKeyPath
          ]
          kind: 'Hash'
          version: 2
        }
      }
    }
  }
]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = {
  parent: account
  name: guid(account.id, principalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: principalId
    scope: account.id
  }
}

@description('The account\'s document endpoint (COSMOS_ENDPOINT).')
output endpoint string = account.properties.documentEndpoint
