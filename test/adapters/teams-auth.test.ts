/** With Bot Framework credentials set, a request without a valid token is refused and changes nothing. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { ConfigError, loadConfig } from '../../src/app/config';
import { createBot } from '../../src/app/create-bot';
import { conversation, messageActivity } from '../builders/teams-activity';
import { quietLogger } from '../builders/teams-bot';
import { shippedPack } from '../builders/temp-store';

const credentials = {
  MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: '66666666-7777-8888-9999-000000000000',
};

it('refuses unsigned and forged requests when credentials are configured', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'esafety-auth-'));
  const store = await createEmbeddedStore({ dataDir: dir });
  const bot = await createBot({ config: loadConfig({ ...credentials, PLAYGROUND: 'off', LOG_LEVEL: 'silent' }), pack: shippedPack, store, logger: quietLogger, port: 0 });
  try {
    const activity = messageActivity('http://127.0.0.1:9', { id: '29:x', aadObjectId: 'aad-x', name: 'X' }, conversation('personal', 'a:x'), 'report');
    for (const authorization of [undefined, 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.']) {
      const res = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(activity),
      });
      expect(res.status).toBe(401);
    }
    expect(await store.count('wizards', {})).toBe(0);
  } finally {
    await bot.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('refuses to start in production without credentials, naming the setting', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MicrosoftAppId/);
});
