/**
 * No acknowledged incident is ever lost: reports submitted through the core use cases are killed
 * mid-stream with SIGKILL, and every report whose submission returned is there after reopening, with
 * its reference, its escalation in the outbox and its audit event. References stay unique.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { runUntilKilled } from '../builders/run-until-killed';
import type { Incident } from '../../src/core/incidents/incident';

const WRITER = resolve(__dirname, '../fakes/report-writer.ts');

function runAndKill(dataDir: string, killAfterMs: number): Promise<string[]> {
  return runUntilKilled(WRITER, [dataDir], killAfterMs).then((lines) => lines.slice(1));
}

test('every report acknowledged before kill -9 is there after restart, with its escalation and audit', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'report-crash-'));
  try {
    const acknowledged: string[][] = [];
    for (let round = 0; round < 3; round++) acknowledged.push(...(await runAndKill(dataDir, 800 + Math.floor(Math.random() * 400))).map((l) => l.split(' ')));
    expect(acknowledged.length).toBeGreaterThan(20);
    const store = await createEmbeddedStore({ dataDir });
    try {
      for (const [schoolId, id, reference] of acknowledged) {
        const incident = await store.get<Incident>('incidents', schoolId!, id!);
        expect(incident?.reference).toBe(reference);
        expect(await store.get('outbox', schoolId!, `${id}:escalation`)).toBeDefined();
        expect(await store.get('audit', schoolId!, `${id}:reported`)).toBeDefined();
      }
      const all = await store.query<Incident>('incidents', {});
      expect(new Set(all.map((i) => i.reference)).size).toBe(all.length);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 60_000);
