// TreatmentPlanBot in one resource group: a user-assigned managed identity that is the bot's identity, an Azure Bot
// with the Teams channel, the bot's container on Azure Container Apps, a storage account for its tables (no shared
// keys: the identity holds "Storage Table Data Contributor"), and Application Insights on a Log Analytics workspace.
// The container registry is created beforehand (README "Deploying to Teams"), so the image exists before the app.
// Every app setting below is described in appsettings.sample.json (`__` stands for `:`).

targetScope = 'resourceGroup'

@description('Prefix of every resource name: 3 to 11 lower-case letters and digits, starting with a letter (e.g. the clinic\'s short name).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Azure region for everything except the bot registration, which is global.')
param location string = resourceGroup().location

@description('The clinic\'s Entra tenant id: the bot\'s identity lives here (MicrosoftAppTenantId).')
param tenantId string = subscription().tenantId

@description('Entra tenant ids whose people may use the bot (AllowedTenants). A clinic sets its own tenant id.')
@minLength(1)
param allowedTenants array

@description('Name of the Azure Container Registry in this resource group that holds the image (created beforehand).')
param containerRegistryName string

@description('The image to run, in that registry, e.g. treatmentplanbot:1.0.0.')
param containerImage string = 'treatmentplanbot:latest'

@description('Turn on Microsoft Graph (people picker, reaching people who never chatted with the bot). Needs the Graph application permissions granted to the identity and graphTeamsAppCatalogId (Graph:Enabled).')
param graphEnabled bool = false

@description('The app\'s id in the organisation\'s Teams app catalog after upload (Graph:TeamsAppCatalogId); required when graphEnabled.')
param graphTeamsAppCatalogId string = ''

@description('The clinic\'s time zone, IANA id such as America/Los_Angeles (Clock:FallbackTimeZone).')
param clinicTimeZone string = 'UTC'

@description('The crisis line shown with the safety steps (Clinic:CrisisLine). 988 is the US line: set your country\'s.')
param crisisLine string = '988 Suicide & Crisis Lifeline: call or text 988'

@description('What a client should do out of hours, shown with the crisis line after a risk answer in a check-in (Clinic:AfterHours).')
param afterHours string = 'Outside the clinic\'s opening hours, if you\'re in danger call your local emergency number (911 in the US) or go to the nearest emergency department.'

@description('Entra object ids of the first admins, who enrol everyone else from Teams (Clinic:BootstrapAdmins).')
param bootstrapAdmins array = []

@description('How all-number dates are read: DayMonthYear or MonthDayYear (Dialogs:NumericDateOrder).')
@allowed([
  'DayMonthYear'
  'MonthDayYear'
])
param numericDateOrder string = 'DayMonthYear'

@description('Most replicas under load. At least one always runs: scheduled work (reminders, check-ins) runs in the app.')
@minValue(1)
@maxValue(10)
param maxReplicas int = 2

@description('Azure Bot pricing tier: F0 (free; standard channels such as Teams are free on either) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Storage redundancy: Standard_ZRS keeps the records through a zone outage where the region has zones; Standard_LRS elsewhere.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

var suffix = uniqueString(resourceGroup().id, namePrefix)
var storageAccountName = take(toLower('${namePrefix}${suffix}'), 24)
// Built-in role ids (the same in every tenant).
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-bot-id'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    // Client records are reached only with Entra tokens: no account keys, SAS or public blobs.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: containerRegistryName
}

resource registryPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

// App settings (environment variables). Each maps to a setting in appsettings.sample.json, except the platform's
// AZURE_CLIENT_ID (DefaultAzureCredential then uses this identity for storage) and APPLICATIONINSIGHTS_CONNECTION_STRING.
var appSettings = [
  { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
  { name: 'MicrosoftAppId', value: identity.properties.clientId }
  { name: 'MicrosoftAppTenantId', value: tenantId }
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
  { name: 'Storage__Provider', value: 'AzureTables' }
  { name: 'Storage__AccountUri', value: storage.properties.primaryEndpoints.table }
  { name: 'Graph__Enabled', value: string(graphEnabled) }
  { name: 'Graph__TeamsAppCatalogId', value: graphTeamsAppCatalogId }
  { name: 'Clock__FallbackTimeZone', value: clinicTimeZone }
  { name: 'Clinic__CrisisLine', value: crisisLine }
  { name: 'Clinic__AfterHours', value: afterHours }
  { name: 'Dialogs__NumericDateOrder', value: numericDateOrder }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
]
var allowedTenantSettings = [for (tenant, i) in allowedTenants: { name: 'AllowedTenants__${i}', value: tenant }]
var bootstrapAdminSettings = [for (admin, i) in bootstrapAdmins: { name: 'Clinic__BootstrapAdmins__${i}', value: admin }]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${namePrefix}-bot'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'bot'
          image: '${registry.properties.loginServer}/${containerImage}'
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(appSettings, allowedTenantSettings, bootstrapAdminSettings)
          probes: [
            {
              // Liveness checks nothing but the process, so a storage outage does not restart every replica.
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: 8080
              }
              periodSeconds: 30
            }
            {
              // Readiness: the table store answers; a replica that cannot reach it gets no traffic.
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: 8080
              }
              periodSeconds: 15
              timeoutSeconds: 5
            }
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: maxReplicas
      }
    }
  }
  dependsOn: [
    registryPull
    tableDataContributor
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'TreatmentPlanBot'
    endpoint: 'https://${app.properties.configuration.ingress.fqdn}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: tenantId
    msaAppMSIResourceId: identity.id
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

@description('The Azure Bot\'s messaging endpoint (the container app\'s /api/messages).')
output messagingEndpoint string = bot.properties.endpoint

@description('The bot\'s app id: the managed identity\'s client id. Use it as MicrosoftAppId for the Teams app package.')
output botAppId string = identity.properties.clientId

@description('The identity\'s service principal (object) id, to grant it the Microsoft Graph application permissions.')
output botPrincipalId string = identity.properties.principalId

@description('The storage account\'s table endpoint (Storage:AccountUri).')
output storageTableEndpoint string = storage.properties.primaryEndpoints.table

@description('The app\'s address; https://<this>/readyz says whether it is ready.')
output appUrl string = 'https://${app.properties.configuration.ingress.fqdn}'
