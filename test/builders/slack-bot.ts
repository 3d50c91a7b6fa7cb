/** Starts the real bot with Slack on (HTTP receiver on a free port, or with `slackPort: 'same'` on the bot's own port) against a fake Slack Web API. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import type { Clock } from '../../src/ports/clock';
import type { Logger } from '../../src/ports/logger';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api';
import { quietLogger } from './teams-bot';
import { shippedPack } from './temp-store';
import { testConfig, slackTestKeys } from './test-config';

export interface SlackHarness {
  bot: RunningBot;
  api: FakeSlackApi;
  slackUrl: string;
  /** Stops everything; with `keepData` the store's files stay for a restart. */
  stop(keepData?: boolean): Promise<void>;
  dataDir: string;
}

export async function startSlackBot(
  options: { clock?: Clock; dataDir?: string; users?: Array<Record<string, unknown>>; logger?: Logger; teamId?: string; slackPort?: 0 | 'same' } = {},
): Promise<SlackHarness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'esafety-slack-'));
  const api = await startFakeSlackApi({ users: options.users, teamId: options.teamId });
  const store = await createEmbeddedStore({ dataDir });
  const config = testConfig({ ...slackTestKeys(api.url) });
  const bot = await createBot({ config, pack: shippedPack, store, logger: options.logger ?? quietLogger, port: 0, slackPort: options.slackPort ?? 0, clock: options.clock });
  if (!bot.slackUrl) throw new Error('Slack did not start');
  return {
    bot,
    api,
    slackUrl: bot.slackUrl,
    dataDir,
    async stop(keepData = false) {
      await bot.close();
      await store.close();
      await api.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
