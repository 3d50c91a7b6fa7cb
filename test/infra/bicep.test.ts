/**
 * The Azure templates in infra/, checked without the Bicep compiler (it cannot be installed on the
 * build machine): every file parses, every name it uses is declared, resource types use API
 * versions we have checked exist, and the settings, containers and security switches agree with
 * the app's own code. Run `az bicep build -f infra/main.bicep` as well wherever the CLI is available.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { z } from 'zod';
import { ConfigSchema } from '../../src/app/config';
import { COLLECTIONS } from '../../src/ports/document-store';
import {
  appSettings,
  bicepFiles,
  boolValue,
  keys,
  modules,
  outputs,
  parameters,
  parseBicep,
  property,
  propertyPath,
  resolve,
  resources,
  stringsIn,
  stringValue,
  syntaxProblems,
  undeclaredReferences,
  variables,
  where,
  type ResourceDeclaration,
} from './bicep-tree';

// INFRA_DIR points the checks at a copy of infra/ (used to confirm each check fails on a broken copy).
const INFRA = process.env.INFRA_DIR ?? join(__dirname, '..', '..', 'infra');
const ROOT = dirname(INFRA);
const MAIN = join(INFRA, 'main.bicep');
const PARAMETERS = join(INFRA, 'main.parameters.json');

/**
 * API versions checked to exist (Azure/bicep-types-az generated type definitions, and the Azure
 * Verified Modules in Azure/bicep-registry-modules that use them). Add a version here only after
 * checking it the same way.
 */
const API_VERSIONS: Record<string, string[]> = {
  'Microsoft.ManagedIdentity/userAssignedIdentities': ['2024-11-30'],
  'Microsoft.BotService/botServices': ['2022-09-15'],
  'Microsoft.BotService/botServices/channels': ['2022-09-15'],
  'Microsoft.Web/serverfarms': ['2024-11-01'],
  'Microsoft.Web/sites': ['2024-11-01'],
  'Microsoft.DocumentDB/databaseAccounts': ['2025-04-15'],
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases': ['2025-04-15'],
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers': ['2025-04-15'],
  'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments': ['2025-04-15'],
  'Microsoft.KeyVault/vaults': ['2024-11-01'],
  'Microsoft.KeyVault/vaults/secrets': ['2024-11-01'],
  'Microsoft.Authorization/roleAssignments': ['2022-04-01'],
  'Microsoft.OperationalInsights/workspaces': ['2025-02-01'],
  'Microsoft.Insights/components': ['2020-02-02'],
  'Microsoft.Insights/diagnosticSettings': ['2021-05-01-preview'],
  'Microsoft.Storage/storageAccounts': ['2024-01-01'],
  'Microsoft.Storage/storageAccounts/blobServices': ['2024-01-01'],
  'Microsoft.Storage/storageAccounts/blobServices/containers': ['2024-01-01'],
};

/** Read by Azure itself or the Azure SDK rather than by src/app/config.ts. */
const PLATFORM_SETTINGS = new Set(['AZURE_CLIENT_ID', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'ApplicationInsightsAgent_EXTENSION_VERSION', 'SCM_DO_BUILD_DURING_DEPLOYMENT']);

const REQUIRED_SETTINGS = ['NODE_ENV', 'STORE', 'COSMOS_ENDPOINT', 'MicrosoftAppId', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'PLAYGROUND'];

const COSMOS_DATA_CONTRIBUTOR = '00000000-0000-0000-0000-000000000002';
const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const STORAGE_BLOB_DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';

interface BicepFile {
  path: string;
  name: string;
  root: Node;
}

let files: BicepFile[] = [];

beforeAll(async () => {
  files = await Promise.all(bicepFiles(INFRA).map(async (path) => ({ path, name: relative(ROOT, path), root: await parseBicep(readFileSync(path, 'utf8')) })));
});

function fileAt(path: string): BicepFile {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`${relative(ROOT, path)} is missing`);
  return found;
}

/** The one resource of `type` (any API version) across infra/, with the file it is in. */
function theResource(type: string): { file: BicepFile; resource: ResourceDeclaration } {
  const matches = files.flatMap((f) =>
    resources(f.root)
      .filter((r) => r.type.split('@')[0] === type)
      .map((resource) => ({ file: f, resource })),
  );
  if (matches.length !== 1) throw new Error(`expected exactly one ${type} in infra/, found ${matches.length}`);
  return matches[0] as { file: BicepFile; resource: ResourceDeclaration };
}

/** The settings ConfigSchema reads: its zod object, under any refinements wrapped round it. */
function configShape(): Record<string, z.ZodTypeAny> {
  let schema: unknown = ConfigSchema;
  while (schema instanceof z.ZodEffects) schema = schema.innerType();
  if (!(schema instanceof z.ZodObject)) throw new Error('ConfigSchema is no longer a zod object: update this test');
  return schema.shape as Record<string, z.ZodTypeAny>;
}

function literal(node: Node | undefined): string | boolean | undefined {
  return stringValue(node) ?? boolValue(node);
}

/** `[{ what, expected, actual }]` for the properties that do not hold the expected literal. */
function mismatches(body: Node | undefined, expected: Record<string, string | boolean>): string[] {
  return Object.entries(expected)
    .map(([path, want]) => ({ path, want, got: literal(propertyPath(body, path)) }))
    .filter(({ want, got }) => want !== got)
    .map(({ path, want, got }) => `${path}: expected ${JSON.stringify(want)}, found ${got === undefined ? 'no literal value' : JSON.stringify(got)}`);
}

describe('the checker itself', () => {
  it('catches a syntax error', async () => {
    const root = await parseBicep("param name string\nresource r 'Microsoft.Web/sites@2024-11-01' = {\n  name: name\n  properties: {\n    httpsOnly: true\n");
    expect(syntaxProblems(root)).not.toEqual([]);
  });

  it('catches a misspelt reference, and accepts loop variables, lambda parameters and built-ins', async () => {
    const root = await parseBicep(
      [
        'param namePrefix string',
        "var names = [for (n, i) in ['a', 'b']: '${namePrefix}-${n}-${i}']",
        'var upper = map(names, s => toUpper(s))',
        "var app = '${namePreffix}-app-${uniqueString(resourceGroup().id)}'",
        'output o array = concat(names, upper, [app])',
      ].join('\n'),
    );
    expect(syntaxProblems(root)).toEqual([]);
    expect(undeclaredReferences(root)).toEqual([{ name: 'namePreffix', at: '4:14' }]);
  });

  it('does not let a loop variable leak out of its loop', async () => {
    const root = await parseBicep("var xs = [for x in ['a']: x]\noutput o string = x\n");
    expect(undeclaredReferences(root).map((r) => r.name)).toEqual(['x']);
  });
});

describe('every Bicep file under infra/', () => {
  it('finds the templates', () => {
    expect(files.map((f) => f.name)).toContain('infra/main.bicep');
    expect(files.length).toBeGreaterThan(1);
  });

  it('parses without ERROR or MISSING nodes', () => {
    const problems = files.flatMap((f) => syntaxProblems(f.root).map((p) => `${f.name}:${p}`));
    expect(problems).toEqual([]);
  });

  it('uses only names it declares (or Bicep built-ins)', () => {
    const problems = files.flatMap((f) => undeclaredReferences(f.root).map((r) => `${f.name}:${r.at} "${r.name}" is not declared`));
    expect(problems).toEqual([]);
  });

  it('uses resource types and API versions from the checked list', () => {
    const problems = files.flatMap((f) =>
      resources(f.root)
        .filter((r) => {
          const [type = '', version = ''] = r.type.split('@');
          return !(API_VERSIONS[type] ?? []).includes(version);
        })
        .map((r) => `${f.name}:${where(r.node)} resource ${r.name} '${r.type}' is not in API_VERSIONS`),
    );
    expect(problems).toEqual([]);
  });

  it('points modules at files that exist, with the parameters those files declare', () => {
    const problems: string[] = [];
    for (const f of files) {
      for (const m of modules(f.root)) {
        const target = join(dirname(f.path), m.path);
        const module = files.find((g) => g.path === target);
        if (!existsSync(target) || !module) {
          problems.push(`${f.name}: module ${m.name} -> ${m.path} does not exist`);
          continue;
        }
        const declared = parameters(module.root);
        const given = keys(property(m.body, 'params'));
        for (const name of given) if (!declared.some((p) => p.name === name)) problems.push(`${f.name}: module ${m.name} passes unknown param ${name}`);
        for (const p of declared) if (!p.hasDefault && !given.includes(p.name)) problems.push(`${f.name}: module ${m.name} does not pass required param ${p.name}`);
        // `<module>.outputs.<name>` must be an output the module declares.
        const declaredOutputs = outputs(module.root);
        for (const use of f.root.descendantsOfType('member_expression')) {
          const inner = use?.childForFieldName('object');
          if (inner?.type === 'member_expression' && inner.childForFieldName('object')?.text === m.name && inner.childForFieldName('property')?.text === 'outputs') {
            const name = use?.childForFieldName('property')?.text ?? '';
            if (!declaredOutputs.includes(name)) problems.push(`${f.name}:${where(use as Node)} ${m.name}.outputs.${name} is not an output of ${m.path}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the web app', () => {
  const shape = configShape();

  function settings() {
    const { file: f, resource } = theResource('Microsoft.Web/sites');
    return appSettings(propertyPath(resource.body, 'properties.siteConfig.appSettings'), variables(f.root));
  }

  it('sets only settings the app reads (ConfigSchema) or Azure reads', () => {
    const unknown = settings()
      .map((s) => s.name)
      .filter((name) => !(name in shape) && !PLATFORM_SETTINGS.has(name));
    expect(unknown).toEqual([]);
  });

  it('sets every setting production needs, with values ConfigSchema accepts', () => {
    const found = settings();
    expect(REQUIRED_SETTINGS.filter((name) => !found.some((s) => s.name === name))).toEqual([]);
    const rejected = found
      .filter((s) => s.name in shape && stringValue(s.value) !== undefined)
      .filter((s) => !shape[s.name]?.safeParse(stringValue(s.value)).success)
      .map((s) => `${s.name}=${stringValue(s.value)}`);
    expect(rejected).toEqual([]);
    const values = Object.fromEntries(found.map((s) => [s.name, stringValue(s.value)]));
    expect(values).toMatchObject({ NODE_ENV: 'production', STORE: 'cosmos', MicrosoftAppType: 'UserAssignedMsi', PLAYGROUND: 'off', SLACK_PORT: 'same' });
  });

  it('has no keys or passwords in its settings, and Slack secrets only as Key Vault references when Slack is on', () => {
    const found = settings();
    expect(found.filter((s) => ['COSMOS_KEY', 'MicrosoftAppPassword', 'SLACK_APP_TOKEN'].includes(s.name)).map((s) => s.name)).toEqual([]);
    const slack = found.filter((s) => s.name === 'SLACK_BOT_TOKEN' || s.name === 'SLACK_SIGNING_SECRET');
    expect(slack.map((s) => s.name).sort()).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    for (const s of slack) {
      expect({ name: s.name, condition: s.condition }).toEqual({ name: s.name, condition: 'slackEnabled' });
      expect({ name: s.name, value: s.value?.text.startsWith("'@Microsoft.KeyVault(SecretUri=") }).toEqual({ name: s.name, value: true });
    }
  });

  it('is HTTPS only, TLS 1.2, no FTP, always on, health-checked on /readyz, on Node 22', () => {
    const { resource } = theResource('Microsoft.Web/sites');
    expect(
      mismatches(resource.body, {
        'properties.httpsOnly': true,
        'properties.clientAffinityEnabled': false,
        'properties.siteConfig.minTlsVersion': '1.2',
        'properties.siteConfig.ftpsState': 'Disabled',
        'properties.siteConfig.healthCheckPath': '/readyz',
        'properties.siteConfig.linuxFxVersion': 'NODE|22-lts',
        'properties.siteConfig.alwaysOn': true,
        'properties.siteConfig.http20Enabled': true,
        'properties.siteConfig.appCommandLine': 'npm run start:prod',
        'identity.type': 'UserAssigned',
      }),
    ).toEqual([]);
    expect(propertyPath(resource.body, 'properties.keyVaultReferenceIdentity')?.text).toBe('identityId');
  });

  it('runs on a Linux plan', () => {
    const { resource } = theResource('Microsoft.Web/serverfarms');
    expect(mismatches(resource.body, { 'properties.reserved': true, kind: 'linux' })).toEqual([]);
  });
});

describe('Cosmos DB', () => {
  it('has one container per collection in src/ports/document-store.ts, partitioned by /schoolId', () => {
    const { file: f, resource } = theResource('Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers');
    const vars = variables(f.root);
    expect(resource.loop).toBeDefined();
    // `[for collection in collections: ...]`: the collection list is the loop's source.
    const loop = resource.loop as Node;
    const initializer = loop.childForFieldName('initializer');
    const source = loop.namedChildren.find((c) => c !== null && c.id !== initializer?.id && c.type !== 'for_loop_parameters' && c.id !== loop.childForFieldName('body')?.id);
    const list = resolve(source ?? undefined, vars);
    expect(list?.type).toBe('array');
    const names = (list?.namedChildren ?? []).map((c) => stringValue(c ?? undefined));
    expect(names).toEqual([...COLLECTIONS]);
    expect(property(resource.body, 'name')?.text).toBe(initializer?.text);

    const partitionKey = propertyPath(resource.body, 'properties.resource.partitionKey');
    expect(stringsIn(property(partitionKey, 'paths'), vars)).toEqual(['/schoolId']);
    expect(stringValue(property(partitionKey, 'kind'))).toBe('Hash');
  });

  it('accepts Microsoft Entra ID only (local auth off)', () => {
    const { resource } = theResource('Microsoft.DocumentDB/databaseAccounts');
    expect(mismatches(resource.body, { 'properties.disableLocalAuth': true, 'properties.disableKeyBasedMetadataWriteAccess': true })).toEqual([]);
  });

  it('gives the identity the built-in Data Contributor role', () => {
    const { file: f, resource } = theResource('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
    expect(stringsIn(propertyPath(resource.body, 'properties.roleDefinitionId'), variables(f.root))).toContain(COSMOS_DATA_CONTRIBUTOR);
  });
});

describe('Key Vault', () => {
  it('uses Azure RBAC, soft delete and purge protection', () => {
    const { resource } = theResource('Microsoft.KeyVault/vaults');
    expect(mismatches(resource.body, { 'properties.enableRbacAuthorization': true, 'properties.enableSoftDelete': true, 'properties.enablePurgeProtection': true })).toEqual([]);
  });

  it('lets the identity read secrets (Key Vault Secrets User) and nothing more', () => {
    const { file: f, resource } = roleAssignmentIn('key-vault.bicep');
    expect(stringsIn(propertyPath(resource.body, 'properties.roleDefinitionId'), variables(f.root))).toContain(KEY_VAULT_SECRETS_USER);
  });
});

/** The one role assignment in the module file named `name`. */
function roleAssignmentIn(name: string): { file: BicepFile; resource: ResourceDeclaration } {
  const f = files.find((x) => x.name.endsWith(`/${name}`));
  const found = f ? resources(f.root).filter((r) => r.type.split('@')[0] === 'Microsoft.Authorization/roleAssignments') : [];
  if (!f || found.length !== 1) throw new Error(`expected exactly one role assignment in ${name}, found ${found.length}`);
  return { file: f, resource: found[0] as ResourceDeclaration };
}

describe('evidence storage', () => {
  it('is private: no anonymous access, no shared keys, HTTPS with TLS 1.2', () => {
    const { resource } = theResource('Microsoft.Storage/storageAccounts');
    expect(
      mismatches(resource.body, {
        'properties.allowBlobPublicAccess': false,
        'properties.allowSharedKeyAccess': false,
        'properties.supportsHttpsTrafficOnly': true,
        'properties.minimumTlsVersion': 'TLS1_2',
      }),
    ).toEqual([]);
    expect(mismatches(theResource('Microsoft.Storage/storageAccounts/blobServices/containers').resource.body, { 'properties.publicAccess': 'None' })).toEqual([]);
  });

  it('gives the identity Storage Blob Data Contributor on the account, and nothing more', () => {
    const { file: f, resource } = roleAssignmentIn('evidence-storage.bicep');
    expect(stringsIn(propertyPath(resource.body, 'properties.roleDefinitionId'), variables(f.root))).toContain(STORAGE_BLOB_DATA_CONTRIBUTOR);
    expect(property(resource.body, 'scope')?.text).toBe('account');
  });

  it('is what the app is told to use: EVIDENCE_STORE=blob and the account URL, no connection string', () => {
    const { file: f, resource } = theResource('Microsoft.Web/sites');
    const found = appSettings(propertyPath(resource.body, 'properties.siteConfig.appSettings'), variables(f.root));
    const values = Object.fromEntries(found.map((s) => [s.name, stringValue(s.value) ?? s.value?.text]));
    expect(values).toMatchObject({ EVIDENCE_STORE: 'blob', EVIDENCE_BLOB_URL: 'evidenceBlobUrl', EVIDENCE_BLOB_CONTAINER: 'evidenceContainerName' });
    expect(found.map((s) => s.name)).not.toContain('EVIDENCE_BLOB_CONNECTION_STRING');
  });
});

describe('the Azure Bot', () => {
  it('signs in as the user-assigned identity and has the Teams channel', () => {
    const { resource } = theResource('Microsoft.BotService/botServices');
    expect(mismatches(resource.body, { location: 'global', kind: 'azurebot', 'properties.msaAppType': 'UserAssignedMSI' })).toEqual([]);
    const { resource: channel } = theResource('Microsoft.BotService/botServices/channels');
    expect(mismatches(channel.body, { name: 'MsTeamsChannel', 'properties.channelName': 'MsTeamsChannel', 'properties.properties.isEnabled': true })).toEqual([]);
  });
});

describe('infra/main.bicep', () => {
  it('outputs what the deployment guide tells you to copy', () => {
    const declared = outputs(fileAt(MAIN).root);
    const needed = ['webAppHostName', 'webAppName', 'messagingEndpoint', 'botIdentityClientId', 'cosmosEndpoint', 'keyVaultName'];
    expect(needed.filter((name) => !declared.includes(name))).toEqual([]);
  });
});

describe('infra/main.parameters.json', () => {
  const json = JSON.parse(readFileSync(PARAMETERS, 'utf8')) as { $schema?: unknown; contentVersion?: unknown; parameters?: Record<string, unknown> };

  it('is a deployment parameters file', () => {
    expect(typeof json.$schema).toBe('string');
    expect(String(json.$schema)).toMatch(/deploymentParameters\.json#$/);
    expect(json.contentVersion).toBe('1.0.0.0');
    expect(typeof json.parameters).toBe('object');
  });

  it('names only parameters main.bicep declares, gives every one without a default, and holds no secrets', () => {
    const declared = parameters(fileAt(MAIN).root);
    const given = Object.keys(json.parameters ?? {});
    expect(given.filter((name) => !declared.some((p) => p.name === name))).toEqual([]);
    expect(declared.filter((p) => !p.hasDefault && !given.includes(p.name)).map((p) => p.name)).toEqual([]);
    expect(declared.filter((p) => p.secure && given.includes(p.name)).map((p) => p.name)).toEqual([]);
  });
});
