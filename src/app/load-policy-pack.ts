import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { type PackFile, PolicyPackError, validatePolicyPack } from '../core/policy/validate-pack';
import type { PolicyPack } from '../core/policy/schema';

function readYaml(path: string): PackFile {
  const shown = relative(process.cwd(), path) || path;
  try {
    return { path: shown, data: parse(readFileSync(path, 'utf8')) };
  } catch (error) {
    throw new PolicyPackError([`${shown}: cannot be read as YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
}

/** Loads `pack.yaml`, `triage.yaml`, `procedures/*.yaml` and `aup.yaml` (optional) from a policy folder and validates them. */
export function loadPolicyPack(dir: string): PolicyPack {
  const procedureDir = join(dir, 'procedures');
  const procedureFiles = readdirSync(procedureDir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => readYaml(join(procedureDir, f)));
  const aupPath = join(dir, 'aup.yaml');
  return validatePolicyPack(readYaml(join(dir, 'pack.yaml')), procedureFiles, readYaml(join(dir, 'triage.yaml')), existsSync(aupPath) ? readYaml(aupPath) : undefined);
}
