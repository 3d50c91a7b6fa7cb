/**
 * Builds the Teams app package: `dist/teams-app.zip` with manifest.json, color.png and outline.png at
 * its root. The manifest's placeholder GUID (the schema forbids `${{...}}` placeholders) becomes the bot's
 * `MicrosoftAppId` from the environment, for both the app id and the bot id. The result is checked
 * against the official manifest schema before it is written.
 *
 * Run: `MicrosoftAppId=<guid> npm run package [-- --out path/to/app.zip]`
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { teamsManifestProblems } from './teams-manifest-schema';

const ROOT = join(__dirname, '..');
const SOURCE = join(ROOT, 'manifest', 'teams');
export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const ICONS = { 'color.png': 192, 'outline.png': 32 } as const;

interface Manifest {
  manifestVersion: string;
  id: string;
  bots?: Array<{ botId: string }>;
}

/** The manifest with every placeholder id replaced by `appId`. */
export function withAppId(manifest: Manifest, appId: string): Manifest {
  const swap = (id: string) => (id === PLACEHOLDER_ID ? appId : id);
  return { ...manifest, id: swap(manifest.id), bots: manifest.bots?.map((b) => ({ ...b, botId: swap(b.botId) })) };
}

function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

// Fixed timestamp so the same inputs always give the same bytes.
const FIXED_MTIME = new Date('2026-01-01T00:00:00');

/** The package: deflated entries at the root of the zip, in the order given. */
export function zip(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const files = Object.fromEntries(entries.map(({ name, data }) => [name, [new Uint8Array(data), { level: 9 as const, mtime: FIXED_MTIME }]]));
  return Buffer.from(zipSync(files as Parameters<typeof zipSync>[0]));
}

function main(): void {
  const outFlag = process.argv.indexOf('--out');
  const out = resolve(outFlag > 0 && process.argv[outFlag + 1] ? (process.argv[outFlag + 1] as string) : join(ROOT, 'dist', 'teams-app.zip'));
  const appId = process.env.MicrosoftAppId?.trim() ?? '';
  if (!GUID.test(appId) || appId === PLACEHOLDER_ID) {
    throw new Error("Set MicrosoftAppId to the bot's Microsoft App ID (a GUID from its Azure Bot registration) before packaging.");
  }
  const manifest = withAppId(JSON.parse(readFileSync(join(SOURCE, 'manifest.json'), 'utf8')) as Manifest, appId);
  const problems = teamsManifestProblems(manifest);
  if (problems.length) throw new Error(`manifest/teams/manifest.json does not match the Teams schema:\n${problems.join('\n')}`);

  const files = [{ name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') }];
  for (const [name, size] of Object.entries(ICONS)) {
    const data = readFileSync(join(SOURCE, name));
    const { width, height } = pngSize(data);
    if (width !== size || height !== size) throw new Error(`${name} is ${width}x${height}; Teams needs ${size}x${size}.`);
    files.push({ name, data });
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip(files));
  console.log(`Wrote ${out} (${files.map((f) => f.name).join(', ')}) for app ${appId}`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
