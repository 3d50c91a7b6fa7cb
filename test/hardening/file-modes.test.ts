/**
 * Safeguarding records on disk are readable by the bot's own account only: the embedded store's folder
 * and files, including those an earlier version left 644, and a subject access export written over an
 * existing file.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';

jest.setTimeout(60_000);

const mode = (path: string) => statSync(path).mode & 0o777;

it('the store folder is 700 and every file in it 600, new or left 644 by an earlier run', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'esafety-modes-')), 'data');
  let store = await createEmbeddedStore({ dataDir: dir });
  await store.create('incidents', { id: 'i1', schoolId: 's', reference: 'ES-2026-0001' });
  await store.close();
  // As an earlier version (or an operator's copy) would have left them.
  chmodSync(dir, 0o755);
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
  store = await createEmbeddedStore({ dataDir: dir });
  await store.create('incidents', { id: 'i2', schoolId: 's', reference: 'ES-2026-0002' });
  await store.compact();
  try {
    expect(mode(dir)).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect({ file: f, mode: mode(join(dir, f)).toString(8) }).toEqual({ file: f, mode: '600' });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a subject access export over an existing 644 file leaves it 600, as the message says', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esafety-export-'));
  const out = join(dir, 'existing.json');
  writeFileSync(out, '{}');
  chmodSync(out, 0o644);
  const run = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'scripts/data-rights.ts', 'export', '--school', 'oakfield-primary', '--person', 'Nobody Here', '--operator', 'DPO', '--out', out],
    {
      env: { ...process.env, STORE: 'embedded', DATA_DIR: join(dir, 'data'), NODE_ENV: 'development' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  try {
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('(readable by you only)');
    expect(mode(out)).toBe(0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
