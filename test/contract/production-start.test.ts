/**
 * `NODE_ENV=production` refuses to start an unsafe bot: the real `src/app/main.ts` in its own process
 * exits non-zero within seconds, says which setting is wrong, and never opens its port. A control run
 * with the same settings made safe does start, so each refusal is down to the setting named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotProcess, freePort, portAccepts, spawnBot } from '../builders/spawn-bot';

jest.setTimeout(60_000);

let dataDir: string;
const running: BotProcess[] = [];

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'esafety-prod-start-'));
});

afterAll(async () => {
  await Promise.all(running.map((bot) => bot.stop(5_000)));
  rmSync(dataDir, { recursive: true, force: true });
});

/** Settings every case shares: production, the embedded store in a temp dir, nothing else to reach. */
async function productionEnv(extra: Record<string, string>): Promise<Record<string, string>> {
  return { NODE_ENV: 'production', STORE: 'embedded', DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'info', ...extra };
}

/** A production bot with token validation on (managed identity, so no secret is needed). */
const WITH_AUTH = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppTenantId: 'tenant-oakfield', MicrosoftAppType: 'UserAssignedMsi' };

/**
 * Starts the bot and expects it to refuse: exits non-zero within `withinMs`, never accepting a
 * connection on its port meanwhile. Returns what it printed.
 */
async function expectRefused(env: Record<string, string>, withinMs = 15_000): Promise<string> {
  const bot = spawnBot('prod', env);
  running.push(bot);
  const port = Number(env.PORT);
  let listened = false;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void bot.kill();
  }, withinMs);
  // Knock on the port the whole time it runs.
  while (!bot.exit) {
    if (await portAccepts(port)) listened = true;
    await Promise.race([bot.exited, new Promise((r) => setTimeout(r, 25))]);
  }
  clearTimeout(timer);
  const output = bot.output();
  const why = `\n--- what it printed ---\n${output}`;
  if (timedOut) throw new Error(`still running after ${withinMs} ms (killed)${why}`);
  if (bot.exit?.code === 0 || bot.exit?.code === null) throw new Error(`exited with ${JSON.stringify(bot.exit)}, expected a non-zero code${why}`);
  if (listened) throw new Error(`accepted a connection on port ${port} before refusing${why}`);
  expect(await portAccepts(port)).toBe(false);
  return output;
}

/** The `  - KEY: message` lines of the configuration error. */
const problems = (output: string) => [...output.matchAll(/- ([A-Za-z_]+): (.*)$/gm)].map((m) => m[1]);

test('production without MicrosoftAppId (no Bot Framework token validation) is refused', async () => {
  const output = await expectRefused(await productionEnv({}));
  expect(output).toContain('Configuration is not valid');
  expect(problems(output)).toEqual(['MicrosoftAppId']);
  expect(output).not.toContain('listening on');
});

test('production with CLOCK_START is refused: production runs on the real clock', async () => {
  const output = await expectRefused(await productionEnv({ ...WITH_AUTH, CLOCK_START: '2026-11-23T09:00:00Z' }));
  expect(problems(output)).toEqual(['CLOCK_START']);
  expect(output).not.toContain('listening on');
});

test('production with SLACK_APP_TOKEN (Socket Mode) is refused', async () => {
  const slack = { SLACK_BOT_TOKEN: 'xoxb-test-not-a-real-token', SLACK_APP_TOKEN: 'xapp-test-not-a-real-token' };
  const output = await expectRefused(await productionEnv({ ...WITH_AUTH, ...slack }));
  expect(problems(output)).toEqual(['SLACK_APP_TOKEN']);
  expect(output).not.toContain('listening on');
  // A refusal names the setting, never echoes a secret.
  expect(output).not.toContain('xoxb-test-not-a-real-token');
  expect(output).not.toContain('xapp-test-not-a-real-token');
});

test('control: the same production settings without the bad one start and answer /healthz', async () => {
  const env = await productionEnv(WITH_AUTH);
  const bot = spawnBot('prod-control', env);
  running.push(bot);
  await bot.healthy(30_000);
  expect(await portAccepts(bot.port)).toBe(true);
  // Token validation is on: an unauthenticated activity is turned away.
  const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'hello' }) });
  expect(res.status).toBe(401);
  await bot.stop(10_000);
  expect(bot.exit?.code).toBe(0);
});
