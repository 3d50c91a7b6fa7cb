/**
 * The configuration every test bot starts with: no Playground, no scheduler, a quiet log, and the
 * outbox and nag loops slow enough that a test drives them (`bot.jobs.flush()`), plus what a test adds.
 */
import { loadConfig } from '../../src/app/config';
import { SIGNING_SECRET } from './slack-request';

/** A test bot's config, with `extra` (env-style keys) on top. */
export function testConfig(extra: Record<string, string> = {}) {
  return loadConfig({ PLAYGROUND: 'off', OUTBOX_INTERVAL_MS: '60000', NAG_INTERVAL_MS: '600000', LOG_LEVEL: 'silent', SCHEDULER: 'off', ...extra });
}

/** The keys that turn Slack on against a fake Slack Web API at `apiUrl`, signed with the tests' secret. */
export function slackTestKeys(apiUrl: string): Record<string, string> {
  return { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl };
}
