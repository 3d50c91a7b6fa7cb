/** Starts the real bot (HTTP server, Teams adapter, outbox) on a temp embedded store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import type { Clock } from '../../src/ports/clock';
import type { Logger } from '../../src/ports/logger';
import { shippedPack } from './temp-store';
import { testConfig } from './test-config';

export const quietLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export async function startTestBot(
  dataDir = mkdtempSync(join(tmpdir(), 'esafety-bot-')),
  clock?: Clock,
  logger: Logger = quietLogger,
): Promise<{ bot: RunningBot; dataDir: string; stop(keepData?: boolean): Promise<void> }> {
  const store = await createEmbeddedStore({ dataDir });
  // Long intervals: tests drive the outbox with `jobs.flush()` so nothing races them.
  const config = testConfig();
  const bot = await createBot({ config, pack: shippedPack, store, logger, port: 0, clock });
  return {
    bot,
    dataDir,
    async stop(keepData = false) {
      await bot.close();
      await store.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
