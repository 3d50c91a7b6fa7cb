/**
 * Local mode (no Bot Framework credentials) accepts unauthenticated requests, so it must not be
 * reachable from the network: it listens on loopback only, and refuses to start on another address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, portAccepts, spawnBot } from '../builders/spawn-bot';

jest.setTimeout(60_000);

const outsideAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

it('without credentials it listens on this machine only', async () => {
  const address = outsideAddress();
  expect(address).toBeDefined();
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-local-'));
  const port = await freePort();
  const bot = spawnBot('local', { PORT: String(port), DATA_DIR: dataDir, PLAYGROUND: 'off', SCHEDULER: 'off' });
  try {
    await bot.healthy(30_000);
    expect(await portAccepts(port, '127.0.0.1')).toBe(true);
    expect(await portAccepts(port, address as string)).toBe(false);
  } finally {
    await bot.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it('without credentials it refuses another address, saying why in one line, and never opens the port', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-local-'));
  const port = await freePort();
  const bot = spawnBot('exposed', { PORT: String(port), HOST: '0.0.0.0', DATA_DIR: dataDir, PLAYGROUND: 'off', SCHEDULER: 'off' });
  try {
    const exit = await Promise.race([bot.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 20_000))]);
    expect(exit).toBeDefined();
    expect(exit?.code).not.toBe(0);
    const why = bot
      .output()
      .split('\n')
      .filter((l) => l.includes('HOST'));
    expect(why).toHaveLength(1);
    expect(why[0]).toMatch(/refusing to listen on 0\.0\.0\.0 without Bot Framework credentials/);
    expect(await portAccepts(port)).toBe(false);
  } finally {
    if (!bot.exit) await bot.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
