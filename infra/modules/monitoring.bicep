// Where the logs go: one Log Analytics workspace, and Application Insights stored in it, so
// request traces and the app's own JSON log lines can be queried together.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Days to keep logs.')
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    // Pay per GB ingested; the first few GB a month are free, which covers a school comfortably.
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      // Readers of one resource's logs see only that resource's logs unless granted the workspace.
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    // Workspace-based: the classic (standalone) mode is retired.
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

@description('Resource ID of the Log Analytics workspace, for diagnostic settings.')
output workspaceId string = workspace.id

@description('Connection string the Application Insights agent in the web app reports to.')
output appInsightsConnectionString string = appInsights.properties.ConnectionString
