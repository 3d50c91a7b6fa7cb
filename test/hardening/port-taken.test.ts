/**
 * A start that fails because the port is taken says so in plain words, and closes the store it had
 * opened: the next start must not report a crash recovery that never happened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore, type OpenEvent } from '../../src/adapters/embedded/embedded-store';
import { freePort, spawnBot } from '../builders/spawn-bot';

jest.setTimeout(60_000);

it('the port already taken: one plain line, exit 1, and the store left closed', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-port-'));
  const port = await freePort();
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  try {
    const bot = spawnBot('port-taken', { PORT: String(port), DATA_DIR: dataDir, PLAYGROUND: 'off', SCHEDULER: 'off' });
    const exit = await bot.exited;
    expect({ code: exit.code, said: bot.output().includes(`Port ${port} on 127.0.0.1 is already in use (is the bot already running?)`) }).toEqual({ code: 1, said: true });
    const events: OpenEvent[] = [];
    const store = await createEmbeddedStore({ dataDir, onOpen: (e) => events.push(e) });
    await store.close();
    expect(events).toEqual([]);
  } finally {
    holder.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
