/**
 * Checks a Teams manifest against the official JSON schema that ships in `@microsoft/app-manifest`
 * (offline), with the same validator settings that package uses. The validators come with that package;
 * they are used directly because its own entry point loads an ESM-only module that Jest cannot.
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The official schema for a manifest version, e.g. "1.17". */
export function teamsManifestSchema(manifestVersion: string): object {
  const path = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as object;
}

/** One line per schema violation; empty when the manifest is valid. */
export function teamsManifestProblems(manifest: { manifestVersion?: unknown }): string[] {
  if (typeof manifest.manifestVersion !== 'string') return ['manifestVersion is missing'];
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(teamsManifestSchema(manifest.manifestVersion));
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`.trim());
}
