/**
 * The Teams app package: the manifest passes the official schema shipped in `@microsoft/app-manifest`,
 * offers the commands people type, and `npm run package` writes a zip Teams can take.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { teamsManifestProblems } from '../../scripts/teams-manifest-schema';

const ROOT = join(__dirname, '..', '..');
const SOURCE = join(ROOT, 'manifest', 'teams');
const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

type Manifest = {
  manifestVersion: string;
  id: string;
  bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }> }>;
};
const manifest: Manifest = JSON.parse(readFileSync(join(SOURCE, 'manifest.json'), 'utf8'));

describe('Teams manifest', () => {
  it('passes the official JSON schema for its manifest version', () => {
    expect(teamsManifestProblems(manifest)).toEqual([]);
  });

  it('would be refused by that schema with a ${{BOT_ID}} placeholder, hence the placeholder GUID', () => {
    const templated = { ...manifest, bots: [{ ...manifest.bots[0], botId: '${{BOT_ID}}' }] };
    expect(teamsManifestProblems(templated).join('\n')).toContain('botId');
    expect(manifest.id).toBe(PLACEHOLDER);
    expect(manifest.bots[0]?.botId).toBe(PLACEHOLDER);
  });

  it('installs the bot in personal chats, teams and group chats', () => {
    expect([...(manifest.bots[0]?.scopes ?? [])].sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('offers "report" and "help" everywhere, and "register dsl channel" in teams only', () => {
    const lists = manifest.bots[0]?.commandLists ?? [];
    const commandsIn = (scope: string) => lists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands);
    for (const scope of ['personal', 'team', 'groupChat']) {
      expect(commandsIn(scope)).toContainEqual({ title: 'report', description: 'Report an online-safety incident' });
      expect(commandsIn(scope).map((c) => c.title)).toContain('help');
    }
    expect(commandsIn('team').map((c) => c.title)).toContain('register dsl channel');
    expect(commandsIn('personal').map((c) => c.title)).not.toContain('register dsl channel');
  });
});

/** Decodes an 8-bit RGBA PNG (all five row filters): enough to check the icons Teams needs. */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]); // 8-bit RGBA, not interlaced
    }
    if (type === 'IDAT') idat.push(data);
    offset += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= 4 ? (pixels[y * stride + x - 4] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0;
      const c = x >= 4 && y > 0 ? (pixels[(y - 1) * stride + x - 4] as number) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter as number] as number;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

describe('Teams icons', () => {
  it('has a 192x192 colour icon', () => {
    const { width, height } = decodePng(readFileSync(join(SOURCE, 'color.png')));
    expect([width, height]).toEqual([192, 192]);
  });

  it('has a 32x32 outline icon that is white on transparent', () => {
    const { width, height, pixels } = decodePng(readFileSync(join(SOURCE, 'outline.png')));
    expect([width, height]).toEqual([32, 32]);
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) transparent++;
      else if (pixels[i] === 255 && pixels[i + 1] === 255 && pixels[i + 2] === 255) white++;
    }
    expect(transparent + white).toBe(32 * 32);
    expect(transparent).toBeGreaterThan(100);
    expect(white).toBeGreaterThan(100);
  });
});

/** Reads a ZIP through its central directory, checking each entry's local header and CRC-32. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);

    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    expect(zip.toString('utf8', local + 30, local + 30 + zip.readUInt16LE(local + 26))).toBe(name);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(stored) : stored;
    expect([method === 0 || method === 8, crc32(data)]).toEqual([true, crc]);
    files.set(name, data);
  }
  return files;
}

describe('npm run package', () => {
  const run = promisify(execFile);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a zip with the manifest, its app id filled in, and both icons', async () => {
    const out = join(dir, 'teams-app.zip');
    await run('npm', ['run', '--silent', 'package', '--', '--out', out], { cwd: ROOT, env: { ...process.env, MicrosoftAppId: APP_ID } });
    const files = unzip(readFileSync(out));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packaged = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '{}');
    expect(packaged).toEqual({ ...manifest, id: APP_ID, bots: [{ ...manifest.bots[0], botId: APP_ID }] });
    expect(teamsManifestProblems(packaged)).toEqual([]);
    expect(files.get('color.png')).toEqual(readFileSync(join(SOURCE, 'color.png')));
    expect(files.get('outline.png')).toEqual(readFileSync(join(SOURCE, 'outline.png')));
  });

  it('refuses to package without the bot app id', async () => {
    const out = join(dir, 'no-id.zip');
    const failed = run('npm', ['run', '--silent', 'package', '--', '--out', out], { cwd: ROOT, env: { ...process.env, MicrosoftAppId: '' } });
    await expect(failed).rejects.toMatchObject({ stderr: expect.stringContaining('Set MicrosoftAppId') });
  });
});
