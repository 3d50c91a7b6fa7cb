/**
 * Child process for the kill -9 test: opens the embedded store and writes as fast as it can,
 * printing a line for each write only after its promise resolved (i.e. after it was reported
 * durable). Run: node -r ts-node/register/transpile-only embedded-writer.ts <dataDir> <round>
 *
 *   C <schoolId> <id> <n>      created incidents/<id> with n and text 'x'.repeat(n % 50)
 *   R <id> <value>             replaced counters/<id> (school s0) to value
 *   D <schoolId> <id>          deleted incidents/<id>
 */
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { PreconditionFailedError } from '../../src/ports/document-store';

const WORKERS = 16;

async function main(): Promise<void> {
  const [dataDir, round] = process.argv.slice(2);
  if (!dataDir || !round) throw new Error('usage: embedded-writer <dataDir> <round>');
  // A small threshold so that compactions (and the journal switch) happen while we are killed.
  const store = await createEmbeddedStore({ dataDir, compactAfterBytes: 64 * 1024 });
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const counterId = `counter-r${round}`;
  await store.upsert('counters', { id: counterId, schoolId: 's0', value: 0 });
  out('ready');
  let next = 0;

  async function creator(): Promise<void> {
    for (;;) {
      const n = next++;
      const schoolId = `s${n % 3}`;
      const id = `r${round}-${n}`;
      await store.create('incidents', { id, schoolId, n, text: 'x'.repeat(n % 50) });
      out(`C ${schoolId} ${id} ${n}`);
      if (n % 7 === 0) {
        await store.delete('incidents', schoolId, id);
        out(`D ${schoolId} ${id}`);
      }
    }
  }

  async function bumper(): Promise<void> {
    for (;;) {
      const cur = await store.get<{ id: string; schoolId: string; value: number }>('counters', 's0', counterId);
      if (!cur) throw new Error('counter missing');
      try {
        await store.replace('counters', { ...cur, value: cur.value + 1 }, cur._etag);
        out(`R ${counterId} ${cur.value + 1}`);
      } catch (err) {
        if (!(err instanceof PreconditionFailedError)) throw err;
      }
    }
  }

  await Promise.all([...Array.from({ length: WORKERS }, creator), bumper(), bumper()]);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
