/** At start-up the bot logs one warning per role holder it cannot reach, with the role and why, never a name. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { loadConfig } from '../../src/app/config';
import { createBot } from '../../src/app/create-bot';
import { pinoLogger } from '../../src/app/pino-logger';
import { lineSink } from '../builders/line-sink';
import { shippedPack } from '../builders/temp-store';

it('one setup.unreachable line per holder the bot cannot reach on Teams, with the role and the cause', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'esafety-startup-'));
  const store = await createEmbeddedStore({ dataDir: dir });
  const lines: Array<Record<string, unknown>> = [];
  const logger = pinoLogger(
    'warn',
    lineSink((line) => lines.push(JSON.parse(line))),
  );
  const bot = await createBot({ config: loadConfig({ PLAYGROUND: 'off', SCHEDULER: 'on', OUTBOX_INTERVAL_MS: '60000', NAG_INTERVAL_MS: '600000' }), pack: shippedPack, store, logger, port: 0 });
  try {
    for (let i = 0; i < 50 && !lines.some((l) => l.event === 'setup.unreachable'); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    const warnings = lines.filter((l) => l.event === 'setup.unreachable');
    // On a fresh store nobody has opened a chat with the bot: every holder of every role, at both schools and the trust.
    const holders = shippedPack.schools.flatMap((s) =>
      [
        ...Object.values(s.roles),
        ...Object.entries(shippedPack.trust.roles)
          .filter(([k]) => !s.roles[k])
          .map(([, r]) => r),
      ].flatMap((r) => r?.holders ?? []),
    );
    expect(warnings).toHaveLength(holders.length);
    for (const w of warnings) {
      expect(w).toMatchObject({ platform: 'teams', cause: expect.stringMatching(/^(no-conversation|no-platform-id)$/) });
      expect(typeof w.role).toBe('string');
    }
    const text = JSON.stringify(warnings);
    for (const h of holders) expect(text).not.toContain(h.name);
  } finally {
    await bot.close(2_000);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
