/** Starts the real bot with Slack on (HTTP receiver on a free port, or with `slackPort: 'same'` on the bot's own port) against a fake Slack Web API. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { loadConfig } from '../../src/app/config';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import type { Clock } from '../../src/ports/clock';
import type { Logger } from '../../src/ports/logger';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api';
import { SIGNING_SECRET } from './slack-request';
import { quietLogger } from './teams-bot';
import { shippedPack } from './temp-store';

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
  const config = loadConfig({
    PLAYGROUND: 'off',
    OUTBOX_INTERVAL_MS: '60000',
    NAG_INTERVAL_MS: '600000',
    LOG_LEVEL: 'silent',
    SCHEDULER: 'off',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.url,
  });
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
