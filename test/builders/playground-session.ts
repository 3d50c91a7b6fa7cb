/**
 * The start-up the Playground end-to-end tests share: the real bot on a temp store, the Microsoft 365
 * Agents Playground pointed at it on a free port, and headless Chromium (/usr/bin/chromium) with the
 * Playground's page open. Screenshots go to `SHOTS` (test-results/e2e/).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { Clock } from '../../src/ports/clock';
import { startTestBot } from './teams-bot';

/** Where the end-to-end tests keep their screenshots. */
export const SHOTS = join(__dirname, '../../test-results/e2e');

/** A TCP port nobody is listening on just now (on 127.0.0.1). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `url` answers 2xx, polling; throws after `ms`. */
export async function waitForUrl(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/** The running bot, as `startTestBot` hands it back. */
export type TestBot = Awaited<ReturnType<typeof startTestBot>>;

/** What `startPlaygroundSession` started; `stop` ends all of it. */
export interface PlaygroundSession {
  harness: TestBot;
  browser: Browser;
  /** The Playground's page (its user is the demo pack's DSL). */
  page: Page;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The page's size: tall enough for the cards a test reads. */
  viewport: { width: number; height: number };
  /** The bot's clock (the real one when left out). */
  clock?: Clock;
  /** Runs on the bot before the Playground starts (seeding a register, say). */
  prepare?: (harness: TestBot) => Promise<void>;
}

/**
 * Starts the bot, then the Playground against its `/api/messages` on a free port, waits for the
 * Playground to answer, launches Chromium and opens the Playground's page. If any step fails, what was
 * already started is stopped and the error is thrown.
 */
export async function startPlaygroundSession(options: PlaygroundOptions): Promise<PlaygroundSession> {
  mkdirSync(SHOTS, { recursive: true });
  const harness = await startTestBot(undefined, options.clock);
  let playground: ChildProcess | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    playground?.kill('SIGTERM');
    await harness.stop();
  };
  try {
    await options.prepare?.(harness);
    // The bot's outbox delivers cards to the Playground's connector; tests flush it themselves.
    const port = await freePort();
    playground = spawn(join(__dirname, '../../node_modules/.bin/agentsplayground'), ['-e', `${harness.bot.url}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt'], {
      stdio: ['pipe', 'ignore', 'inherit'],
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
    });
    await waitForUrl(`http://127.0.0.1:${port}/`, 60_000);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: options.viewport });
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'networkidle' });
    return { harness, browser, page, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
