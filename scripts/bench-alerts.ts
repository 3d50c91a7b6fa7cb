/**
 * `alert_ingest` for `npm run bench`: signed monitoring alerts per second through the real bot's front
 * door (POST /monitoring/alerts) on the embedded store, each answered 202 only once the alert and its
 * triage card are durable. 2,000 alerts, 16 in flight. Runs in a process of its own (scripts/bench.ts,
 * or alone: `ts-node scripts/bench-alerts.ts`); prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../src/adapters/embedded/embedded-store';
import { signAlert } from '../src/adapters/monitoring/alert-signature';
import { loadConfig } from '../src/app/config';
import { createBot } from '../src/app/create-bot';
import { loadPolicyPack } from '../src/app/load-policy-pack';

const ALERTS = 2_000;
const IN_FLIGHT = 16;
const SECRET = 'bench-monitoring-secret-0123456789abcdef';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-bench-alerts-'));
  const store = await createEmbeddedStore({ dataDir });
  const pack = loadPolicyPack('policy');
  const school = pack.schools[0]!.id;
  const config = loadConfig({
    PLAYGROUND: 'off',
    SCHEDULER: 'off',
    LOG_LEVEL: 'silent',
    OUTBOX_INTERVAL_MS: '60000',
    DATA_DIR: dataDir,
    MONITORING_SECRETS: JSON.stringify({ [school]: SECRET }),
    MONITORING_ALERTS_PER_MINUTE: '100000',
  });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const bot = await createBot({ config, pack, store, logger: quiet, port: 0 });
  try {
    const send = async (n: number) => {
      const body = JSON.stringify({
        schoolId: school,
        alertId: `bench-${n}`,
        category: 'bullying',
        severity: n % 10 ? 'low' : 'high',
        occurredAt: new Date().toISOString(),
        reference: `DEVICE-${n % 300}`,
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${bot.url}/monitoring/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-monitoring-school': school, 'x-monitoring-timestamp': timestamp, 'x-monitoring-signature': signAlert(SECRET, timestamp, body) },
        body,
      });
      await res.text();
      if (res.status !== 202) throw new Error(`alert ${n}: ${res.status}`);
    };
    for (let n = 0; n < 50; n++) await send(-1 - n);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < ALERTS) await send(next++);
      }),
    );
    const ms = performance.now() - started;
    const stored = await store.count('alerts', { schoolId: school });
    if (stored !== ALERTS + 50) throw new Error(`stored ${stored} alerts, expected ${ALERTS + 50}`);
    process.stdout.write(`${JSON.stringify({ alerts: ALERTS, per_second: Math.round((ALERTS / ms) * 1000), ms: Math.round(ms) })}\n`);
  } finally {
    await bot.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench-alerts failed: ${(error as Error)?.stack ?? error}\n`);
  process.exitCode = 1;
});
