/**
 * The report's pupil step in a real client: the Microsoft 365 Agents Playground in headless Chromium,
 * against the real bot with a small fictional register. A teacher types part of a name, presses Search,
 * chooses the pupil and their part, presses Add, and sends; the full record lists the pupil. Screenshots
 * go to test-results/e2e/ (pupils-*.png).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { PupilLink } from '../../src/core/pupils/pupil-link';
import { SAM, seedRegister } from '../builders/pupil-register';
import { startTestBot } from '../builders/teams-bot';

jest.setTimeout(180_000);

const SHOTS = join(__dirname, '../../test-results/e2e');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms: number): Promise<void> {
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

let harness: Awaited<ReturnType<typeof startTestBot>>;
let playground: ChildProcess;
let browser: Browser;
let page: Page;
let shot = 0;

const snap = (name: string) => page.screenshot({ path: join(SHOTS, `pupils-${String(++shot).padStart(2, '0')}-${name}.png`) });
const press = async (label: string) => {
  await page.getByRole('button', { name: label, exact: true }).last().click();
  await page.waitForTimeout(1200);
};
const choose = (label: string | RegExp) => page.getByRole('radio', { name: label }).last().click();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  harness = await startTestBot();
  await seedRegister(harness.bot.deps);
  const port = await freePort();
  playground = spawn(join(__dirname, '../../node_modules/.bin/agentsplayground'), ['-e', `${harness.bot.url}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt'], {
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
  });
  await waitFor(`http://127.0.0.1:${port}/`, 60_000);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
  await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'networkidle' });
});

afterAll(async () => {
  await browser?.close();
  playground?.kill('SIGTERM');
  await harness?.stop();
});

it('a teacher finds a pupil on the register, gives their part, adds them and sends; the report links them', async () => {
  await page.getByText('Personal Chat', { exact: true }).click();
  const box = page.getByRole('textbox').last();
  await box.click();
  await box.fill('report');
  await page.keyboard.press('Enter');
  await page.getByText('What happened?').last().waitFor();
  await choose(/A pupil is being bullied/);
  await press('Next');
  await press('No'); // not in immediate danger
  await press('Pupils at this school');
  await press('No');
  await press('Hurtful, but it seems to be a one-off');
  await press("No, or I don't know");
  await page
    .getByText(/what to do now/)
    .last()
    .waitFor();
  await press('I understand: next');

  await page.getByText('Which pupils are involved?').last().waitFor();
  await snap('step');
  await page.getByLabel('Type part of a name or a class').last().fill('cart');
  await press('Search');
  await page.getByRole('radio', { name: 'Sam Carter (Year 5, 5C)' }).last().waitFor();
  await snap('matches');
  await choose('Sam Carter (Year 5, 5C)');
  await choose('Harmed or at risk');
  await press('Add');
  await page.getByText('Sam Carter (Year 5, 5C): Harmed or at risk').last().waitFor();
  await snap('added');
  await press('Next');

  await page.getByText('The details').last().waitFor();
  await page.getByLabel(/What has been happening/).fill('Unkind messages in a class group chat every evening.');
  await press('Next');
  if (await page.getByText('Your next steps').count()) await press('I will do these: next');
  await page.getByText('Check and send').last().waitFor();
  await snap('review');
  expect(await page.locator('body').innerText()).toContain('Sam Carter (Year 5, 5C): Harmed or at risk');
  await press('Send report');
  await page
    .getByText(/Report ES-2026-\d+ sent/)
    .last()
    .waitFor();

  const links = await harness.bot.deps.store.query<PupilLink>('links', { schoolId: 'oakfield-primary' });
  expect(links.map((l) => [l.pupilId, l.part])).toEqual([[SAM, 'harmed']]);
});
