/**
 * The embedded store's upkeep, through the entry points an operator uses: an old-format data
 * directory imported on first start (and kept), `npm run data -- backup` while the bot writes, the
 * repair of a damaged file (with and without a backup), and the tables as the `sqlite3` tool sees them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { backupEmbeddedStore } from '../../src/adapters/embedded/backup';
import { createEmbeddedStore, databaseFile, LegacyDataCorruptError, type OpenEvent } from '../../src/adapters/embedded/embedded-store';
import { repairEmbeddedStore } from '../../src/adapters/embedded/repair';
import { openStore } from '../../src/app/open-store';
import { loadConfig } from '../../src/app/config';
import { spawnBot, freePort } from '../builders/spawn-bot';

jest.setTimeout(90_000);

const ROOT = resolve(__dirname, '../..');
const FIXTURE = join(__dirname, '../fixtures/legacy-data-dir');
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const digestOf = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map(
      (f) =>
        `${f}:${createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex')}`,
    );

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'esafety-tools-')), 'data');
});
afterEach(() => rmSync(resolve(dir, '..'), { recursive: true, force: true }));

function oldDataDir(): string {
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function runData(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '-r', 'ts-node/register/transpile-only', 'scripts/data-rights.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', STORE: 'embedded', DATA_DIR: dir, NODE_ENV: 'development', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('an old-format data directory', () => {
  it('is imported on first start, with what was imported in the log, and its files are kept unchanged', async () => {
    oldDataDir();
    const before = digestOf(dir);
    const lines: Array<{ event: string; fields?: Record<string, unknown> }> = [];
    const logger = { info: (event: string, fields?: Record<string, unknown>) => lines.push({ event, fields }), warn: () => {}, error: () => {} };
    const store = await openStore({ ...loadConfig({ STORE: 'embedded', DATA_DIR: dir, NODE_ENV: 'development' } as NodeJS.ProcessEnv) }, logger);
    try {
      expect(lines).toEqual([{ event: 'store.imported-old-format', fields: expect.objectContaining({ documents: 31, files: 'snapshot.jsonl, journal-000002.jsonl' }) }]);
      expect(JSON.parse(String(lines[0]?.fields?.byCollection))).toEqual({ incidents: 28, people: 1, wizards: 1, audit: 1 });
      expect(await store.count('incidents', { schoolId: 'oakfield' })).toBe(14);
      expect(await store.get('incidents', 'oakfield', 'inc-3')).toBeUndefined();
      expect(await store.get('incidents', 'riverside', 'inc-4')).toBeUndefined();
      expect(await store.get('wizards', 'oakfield', 'w1')).toMatchObject({ step: 2 });
      const closed = await store.get<{ id: string; schoolId: string; status: string; note: string }>('incidents', 'oakfield', 'inc-5');
      expect(closed).toMatchObject({ status: 'closed', note: 'café ✓ "quoted"\nline' });
      // The etag the old store issued still works, so a card shown before the upgrade can still be acted on.
      await store.replace('incidents', { ...closed!, status: 'reopened' }, closed!._etag);
    } finally {
      await store.close();
    }
    expect(digestOf(dir)).toEqual(before);

    // Second start: nothing imported again (the change made since stays), and the log says the old files can go.
    const events: OpenEvent[] = [];
    const again = await createEmbeddedStore({ dataDir: dir, onOpen: (e) => events.push(e) });
    try {
      expect(events).toEqual([{ event: 'store.old-format-kept', files: ['snapshot.jsonl', 'journal-000002.jsonl'] }]);
      expect(await again.get('incidents', 'oakfield', 'inc-5')).toMatchObject({ status: 'reopened' });
      expect(await again.count('incidents', {})).toBe(28);
    } finally {
      await again.close();
    }

    // A repaired store keeps the record of the import: the old files are not read a second time.
    repairEmbeddedStore(dir);
    const repaired: OpenEvent[] = [];
    const third = await createEmbeddedStore({ dataDir: dir, onOpen: (e) => repaired.push(e) });
    try {
      expect(repaired).toEqual([{ event: 'store.old-format-kept', files: ['snapshot.jsonl', 'journal-000002.jsonl'] }]);
      expect(await third.get('incidents', 'oakfield', 'inc-5')).toMatchObject({ status: 'reopened' });
    } finally {
      await third.close();
    }
  });

  it('old files are never overlaid on a store that already holds documents', async () => {
    const store = await createEmbeddedStore({ dataDir: dir });
    await store.create('incidents', { id: 'newer', schoolId: 'oakfield' });
    await store.close();
    cpSync(FIXTURE, dir, { recursive: true });
    const events: OpenEvent[] = [];
    const again = await createEmbeddedStore({ dataDir: dir, onOpen: (e) => events.push(e) });
    try {
      expect(events).toEqual([{ event: 'store.old-format-not-imported', files: ['snapshot.jsonl', 'journal-000002.jsonl'], documents: 1 }]);
      expect(await again.count('incidents', {})).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('the real bot logs the import on start-up', async () => {
    oldDataDir();
    const bot = spawnBot('upgrade', { PORT: String(await freePort()), DATA_DIR: dir, PLAYGROUND: 'off', SCHEDULER: 'off' });
    try {
      await bot.healthy();
      const line = bot.logs().find((l) => l.msg === 'store.imported-old-format' || l.event === 'store.imported-old-format');
      expect({ line, output: line ? '' : bot.output() }).toMatchObject({ line: { documents: 31 }, output: '' });
    } finally {
      await bot.stop();
    }
  });

  it('a torn final journal line (never acknowledged) is skipped and everything before it imported', async () => {
    oldDataDir();
    appendFileSync(join(dir, 'journal-000002.jsonl'), '{"op":"put","c":"incidents","s":"oakfield","id":"torn","e":"x","d":{"id":"to');
    const events: OpenEvent[] = [];
    const store = await createEmbeddedStore({ dataDir: dir, onOpen: (e) => events.push(e) });
    try {
      expect(events[0]).toMatchObject({ event: 'store.imported-old-format', documents: 31, tornTailSkipped: true });
      expect(await store.get('incidents', 'oakfield', 'torn')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('damage in the middle of an old file stops the import with the file and line named, importing nothing', async () => {
    oldDataDir();
    const path = join(dir, 'snapshot.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[3] = '{"op":"put", garbage';
    writeFileSync(path, lines.join('\n'));
    await expect(createEmbeddedStore({ dataDir: dir })).rejects.toThrow(LegacyDataCorruptError);
    await expect(createEmbeddedStore({ dataDir: dir })).rejects.toThrow(/snapshot\.jsonl line 4/);
    const db = new DatabaseSync(databaseFile(dir), { readOnly: true });
    expect(db.prepare('SELECT count(*) AS n FROM incidents').get()).toEqual(expect.objectContaining({ n: 0 }));
    db.close();
  });
});

describe('npm run data -- backup', () => {
  it('copies the store while it is being written to, into an owner-only file that holds every write made before it began', async () => {
    const store = await createEmbeddedStore({ dataDir: dir });
    try {
      for (let i = 0; i < 300; i++) await store.create('incidents', { id: `i${i}`, schoolId: 's1', pad: 'x'.repeat(400) }, { durability: i % 10 ? 'draft' : 'durable' });
      await store.create('incidents', { id: 'last-before', schoolId: 's1' });
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) await store.create('incidents', { id: `during-${i}`, schoolId: 's1' });
      })();
      const target = join(dir, '..', 'backup.sqlite');
      const report = await backupEmbeddedStore(dir, target);
      writing = false;
      await writer;
      expect(mode(target)).toBe('600');
      expect(report.documents.incidents).toBeGreaterThanOrEqual(301);
      const copy = new DatabaseSync(target, { readOnly: true });
      expect(copy.prepare("SELECT count(*) AS n FROM incidents WHERE id = 'last-before'").get()).toEqual(expect.objectContaining({ n: 1 }));
      copy.close();
      await expect(backupEmbeddedStore(dir, target)).rejects.toThrow(/already exists/);
    } finally {
      await store.close();
    }
  });

  it('from the command line: says what it wrote, and the backup is audited', async () => {
    const store = await createEmbeddedStore({ dataDir: dir });
    await store.create('incidents', { id: 'i1', schoolId: 'oakfield-primary' });
    await store.close();
    const target = join(dir, '..', 'nightly.sqlite');
    const run = runData(['backup', target, '--operator', 'Lynne Robbins']);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Backup written to .*nightly\.sqlite \(\d+ KiB, readable by you only\), checked: incidents 1\.\n$/);
    const reopened = await createEmbeddedStore({ dataDir: dir });
    try {
      const audits = await reopened.query<{ id: string; schoolId: string; action: string; actor: { name: string } }>('audit', { schoolId: 'oakfield-primary' });
      expect(audits.map((a) => [a.action, a.actor.name])).toEqual([['store.backup', 'Data protection: Lynne Robbins']]);
    } finally {
      await reopened.close();
    }
  });
});

/** Writes `n` incidents whose bodies carry a findable marker, closes the store, returns nothing. */
async function storeWith(n: number, from = 0): Promise<void> {
  const store = await createEmbeddedStore({ dataDir: dir });
  for (let i = from; i < from + n; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, from + n - i) }, (_, k) => store.create('incidents', { id: `i${i + k}`, schoolId: 's1', marker: `marker-${i + k}-end`, pad: 'y'.repeat(300) })),
    );
  }
  await store.close();
}

/** Overwrites the page holding `marker` with noise, as a bad disk sector would. */
function damagePageHolding(marker: string): void {
  const file = databaseFile(dir);
  const bytes = readFileSync(file);
  const at = bytes.indexOf(Buffer.from(marker));
  expect(at).toBeGreaterThan(0);
  const page = Math.floor(at / 4096);
  bytes.fill(0x77, page * 4096, (page + 1) * 4096);
  writeFileSync(file, bytes);
}

describe('a damaged database file', () => {
  it('is rebuilt from what can be read, then from the last backup, keeping every good record and the damaged file', async () => {
    await storeWith(2000);
    const backup = join(dir, '..', 'last-night.sqlite');
    await backupEmbeddedStore(dir, backup);
    await storeWith(100, 2000);
    damagePageHolding('marker-1000-end');

    // The damage shows when the damaged rows are read.
    const damaged = await createEmbeddedStore({ dataDir: dir });
    await expect(damaged.query('incidents', { schoolId: 's1' })).rejects.toThrow(/malformed|corrupt/i);
    await damaged.close();

    // Without a backup: everything but the rows on the damaged page.
    const scratch = join(dir, '..', 'scratch');
    cpSync(dir, scratch, { recursive: true });
    const alone = repairEmbeddedStore(scratch);
    const lostAlone = 2100 - (alone.documents.incidents ?? 0);
    expect(lostAlone).toBeGreaterThan(0);
    expect(lostAlone).toBeLessThan(20);

    // With it: every record, old and new.
    const report = runData(['repair', '--backup', backup, '--operator', 'IT']);
    expect({ status: report.status, stderr: report.stderr }).toEqual({ status: 0, stderr: '' });
    expect(report.stdout).toContain('taken from the backup');
    expect(report.stdout).toContain('incidents: ');
    const repaired = await createEmbeddedStore({ dataDir: dir });
    try {
      expect(await repaired.count('incidents', { schoolId: 's1' })).toBe(2100);
      expect(await repaired.get('incidents', 's1', 'i1000')).toMatchObject({ marker: 'marker-1000-end' });
      expect(await repaired.get('incidents', 's1', 'i2099')).toMatchObject({ marker: 'marker-2099-end' });
      const audits = await repaired.query<{ id: string; schoolId: string; action: string }>('audit', {});
      expect(audits.some((a) => a.action === 'store.repair')).toBe(true);
    } finally {
      await repaired.close();
    }
    const kept = readdirSync(dir).filter((f) => f.startsWith('esafety.sqlite.damaged-'));
    expect(kept.length).toBeGreaterThan(0);
    for (const f of readdirSync(dir)) expect({ f, mode: mode(join(dir, f)) }).toEqual({ f, mode: '600' });
  });
});

describe('the tables, as the DPO opens them', () => {
  it('one table per collection, documents as JSON, readable by the sqlite3 tool (or any SQLite reader) while the bot runs', async () => {
    const store = await createEmbeddedStore({ dataDir: dir });
    try {
      await store.create('incidents', { id: 'i1', schoolId: 'oakfield', reference: 'ES-2026-0001', status: 'reported' });
      await store.create('incidents', { id: 'i2', schoolId: 'oakfield', reference: 'ES-2026-0002', status: 'closed' });
      const sql = "SELECT json_extract(body, '$.reference') FROM incidents WHERE school_id = 'oakfield' AND json_extract(body, '$.status') = 'reported'";
      const cli = spawnSync('sqlite3', ['-readonly', databaseFile(dir), sql], { encoding: 'utf8' });
      if (!cli.error) {
        expect({ status: cli.status, out: cli.stdout, err: cli.stderr }).toEqual({ status: 0, out: 'ES-2026-0001\n', err: '' });
        const tables = spawnSync('sqlite3', ['-readonly', databaseFile(dir), '.tables'], { encoding: 'utf8' })
          .stdout.split(/\s+/)
          .filter(Boolean)
          .sort();
        expect(tables).toEqual([
          'alerts',
          'audit',
          'conversations',
          'counters',
          'evidence',
          'filtering',
          'incidents',
          'leases',
          'links',
          'outbox',
          'people',
          'pupils',
          'reviews',
          'sent',
          'signatures',
          'store_meta',
          'transfers',
          'wizards',
        ]);
      } else {
        // No sqlite3 tool on this machine: the same query through another reader of the file.
        const db = new DatabaseSync(databaseFile(dir), { readOnly: true });
        expect(Object.values(db.prepare(sql).get() ?? {})).toEqual(['ES-2026-0001']);
        db.close();
      }
    } finally {
      await store.close();
    }
    expect(existsSync(databaseFile(dir))).toBe(true);
  });
});
