/** The Slack manifest agrees with what the code registers: the command, the events, one request URL. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SLACK_EVENTS } from '../../src/adapters/slack/handlers/app-home';
import { REPORT_COMMAND } from '../../src/adapters/slack/handlers/report-command';
import { AUP_COMMAND, AUP_EVENTS } from '../../src/adapters/slack/handlers/aup-command';
import { DIGEST_COMMAND } from '../../src/adapters/slack/handlers/digest-command';
import { EVIDENCE_EVENTS } from '../../src/adapters/slack/handlers/evidence-upload';
import { SLACK_EVENTS_PATH } from '../../src/adapters/slack/slack-app';

const manifest = parse(readFileSync('manifest/slack/manifest.yml', 'utf8'));
const EVENTS = [...SLACK_EVENTS, ...AUP_EVENTS, ...EVIDENCE_EVENTS];

test('the slash commands are the ones the app listens for, at the events endpoint', () => {
  expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([REPORT_COMMAND, AUP_COMMAND, DIGEST_COMMAND]);
  for (const c of manifest.features.slash_commands) expect(new URL(c.url).pathname).toBe(SLACK_EVENTS_PATH);
});

test('the bot events are exactly the events the app handles', () => {
  expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...EVENTS].sort());
  expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe(SLACK_EVENTS_PATH);
});

test('interactivity (buttons, modals) is on and goes to the same endpoint; the Home tab is enabled', () => {
  expect(manifest.settings.interactivity.is_enabled).toBe(true);
  expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(SLACK_EVENTS_PATH);
  expect(manifest.features.app_home.home_tab_enabled).toBe(true);
});

test('the bot asks only for the scopes its Web API calls need', () => {
  // commands: /report, /aup; chat:write: postMessage, update, postEphemeral; im:write: DMs; users:read: users.list;
  // files:read and im:history: evidence files shared in the app's DM.
  expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'files:read', 'files:write', 'im:history', 'im:write', 'users:read']);
  expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
  expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
});

test('the code registers no other slash command or event than the manifest lists', () => {
  const sources = [
    'handlers/report-command.ts',
    'handlers/app-home.ts',
    'handlers/wizard-modal.ts',
    'handlers/escalation-actions.ts',
    'handlers/aup-command.ts',
    'handlers/digest-command.ts',
    'handlers/evidence-upload.ts',
  ].map((f) => readFileSync(`src/adapters/slack/${f}`, 'utf8'));
  const commands = sources.flatMap((s) => [...s.matchAll(/app\.command\(([^,]+),/g)].map((m) => m[1]));
  // A `message` listener gets what the manifest subscribes to: the app's DMs (`message.im`).
  const events = sources.flatMap((s) => [...s.matchAll(/app\.event\('([^']+)'/g)].map((m) => (m[1] === 'message' ? 'message.im' : m[1])));
  expect(commands).toEqual(['REPORT_COMMAND', 'AUP_COMMAND', 'DIGEST_COMMAND']);
  expect(events.sort()).toEqual([...EVENTS].sort());
});
