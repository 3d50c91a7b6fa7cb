/**
 * The demo pack's people as Teams sends them, and one Teams test's surroundings: a fresh bot on a temp
 * store with a settable clock and a loopback connector, started before each test and stopped after.
 */
import type { TeamsUser } from './teams-activity';
import { startTestBot } from './teams-bot';
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';

export const TEACHER: TeamsUser = { id: '29:teacher', aadObjectId: 'aad-teacher', name: 'Sam Teacher' };
/** The Playground's default user; the demo pack names Alex Wilber DSL and online-safety co-ordinator. */
export const DSL: TeamsUser = { id: 'user-id-0', aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };
export const HEAD: TeamsUser = { id: 'user-id-2', aadObjectId: 'aad-head', name: 'Adele Vance' };

export interface TeamsTestEnv {
  /** The bot's clock: set it to move time. Reset to the start before each test. */
  now: Date;
  connector: FakeConnector;
  harness: Awaited<ReturnType<typeof startTestBot>>;
}

/** Registers the before/after hooks; the returned object holds this test's bot, connector and clock. */
export function useTeamsBot(start: string): TeamsTestEnv {
  const env = { now: new Date(start) } as TeamsTestEnv;
  beforeEach(async () => {
    env.now = new Date(start);
    env.connector = await startFakeConnector();
    env.harness = await startTestBot(undefined, { now: () => env.now });
  });
  afterEach(async () => {
    await env.harness.stop();
    await env.connector.close();
  });
  return env;
}
