/**
 * Hardening of the front door, on the real process with Bot Framework auth on: refused requests never
 * put a body or a credential in the log and add at most one line each; a forged or expired token is
 * 401 (503 when the signing keys cannot be fetched) with a body that names no host, path or stack; a
 * body that is not an activity is a 4xx, not a 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotProcess, freePort, spawnBot } from '../builders/spawn-bot';

jest.setTimeout(90_000);

const APP_ID = '11111111-2222-3333-4444-555555555555';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A well-formed token a forger would send: right issuer and audience, a key id, a made-up signature. */
function forgedToken(expired = false): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/uk/', nbf: now - 600, exp: expired ? now - 300 : now + 3600 };
  return `${b64({ alg: 'RS256', kid: 'forged-key', x5t: 'forged-key', typ: 'JWT' })}.${b64(claims)}.${Buffer.from('not a signature').toString('base64url')}`;
}

let bot: BotProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'esafety-front-door-'));
  const port = await freePort();
  bot = spawnBot('front-door', {
    PORT: String(port),
    DATA_DIR: dataDir,
    PLAYGROUND: 'off',
    SCHEDULER: 'off',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: '66666666-7777-8888-9999-000000000000',
  });
  await bot.healthy(30_000);
});

afterAll(async () => {
  await bot?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const settle = () => new Promise((r) => setTimeout(r, 500));
const activity = (text: string) =>
  JSON.stringify({
    type: 'message',
    id: 'a1',
    text,
    from: { id: '29:x', name: 'X' },
    conversation: { id: 'a:x' },
    recipient: { id: 'b' },
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    channelId: 'msteams',
  });

it('a flood of refused requests adds at most one short line each, with no body or credential', async () => {
  const before = bot.output().length;
  const secret = 'Basic c2VjcmV0LXBhc3N3b3JkLTEyMw==';
  const filler = `SECRET-BODY-${'x'.repeat(230_000)}`;
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: secret }, body: activity(filler) });
    expect(res.status).toBe(401);
  }
  await settle();
  const added = bot.output().slice(before);
  const lines = added.split('\n').filter(Boolean);
  expect(lines.length).toBeLessThanOrEqual(20);
  for (const line of lines) expect(line.length).toBeLessThan(600);
  expect(added).not.toContain('SECRET-BODY');
  expect(added).not.toContain('c2VjcmV0');
});

it.each([
  ['a forged token', false],
  ['an expired token', true],
])('%s is refused with 401 or 503, a body naming no host, path or stack, and one log line', async (_name, expired) => {
  const before = bot.output().length;
  const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${forgedToken(expired)}` }, body: activity('report') });
  const text = await res.text();
  expect([401, 503]).toContain(res.status);
  expect(text).not.toMatch(/botframework\.com|login\.|ENOTFOUND|https?:|\/[a-z]+\/|\bat\s+\S+\s+\(|Error:/i);
  await settle();
  const lines = bot.output().slice(before).split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^\[front-door out\] \{.*"event":"http\.messages-refused"/);
});

it.each([
  ['no activity type', 'application/json', JSON.stringify({ text: 'hello' })],
  ['a form-encoded body', 'application/x-www-form-urlencoded', 'type=message&text=hello'],
  ['an array', 'application/json', '[1,2,3]'],
  ['an activity with no sender, conversation or service URL (found by the fuzz test)', 'application/json', JSON.stringify({ type: 'message' })],
])('%s is a 4xx with plain words, not a 500', async (_name, type, body) => {
  const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${forgedToken()}` }, body });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
});
