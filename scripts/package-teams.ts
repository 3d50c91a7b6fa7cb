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
import { deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32';
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

// Fixed timestamp (1 Jan 2026, 00:00) so the same inputs always give the same bytes.
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/** A minimal ZIP (PKWARE APPNOTE 4.3): deflate where it helps, store otherwise; no folders, ASCII names. */
export function zip(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'ascii');
    const deflated = deflateRawSync(data, { level: 9 });
    const [method, body] = deflated.length < data.length ? [8, deflated] : [0, data];
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // extra field length

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra, comment, disk number, internal and external attributes: all zero
    central.writeUInt32LE(offset, 42);

    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function main(): void {
  const outFlag = process.argv.indexOf('--out');
  const out = resolve(outFlag > 0 && process.argv[outFlag + 1] ? (process.argv[outFlag + 1] as string) : join(ROOT, 'dist', 'teams-app.zip'));
  const appId = process.env.MicrosoftAppId?.trim() ?? '';
  if (!GUID.test(appId) || appId === PLACEHOLDER_ID) {
    throw new Error('Set MicrosoftAppId to the bot\'s Microsoft App ID (a GUID from its Azure Bot registration) before packaging.');
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
