/**
 * No acknowledged incident is ever lost: reports submitted through the core use cases are killed
 * mid-stream with SIGKILL, and every report whose submission returned is there after reopening, with
 * its reference, its escalation in the outbox and its audit event. References stay unique.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import type { Incident } from '../../src/core/incidents/incident';

const WRITER = resolve(__dirname, '../fakes/report-writer.ts');
const ROOT = resolve(__dirname, '../..');

function runAndKill(dataDir: string, killAfterMs: number): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', WRITER, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length === 0 && chunk.startsWith('ready\n')) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return fail(new Error(`writer exited (${code}) before the kill:\n${stderr}`));
      done(stdout.split('\n').slice(1, -1));
    });
  });
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
