/**
 * The report's pupil step in a real client: the Microsoft 365 Agents Playground in headless Chromium,
 * against the real bot with a small fictional register. A teacher types part of a name, presses Search,
 * chooses the pupil and their part, presses Add, and sends; the full record lists the pupil. Screenshots
 * go to test-results/e2e/ (pupils-*.png).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { PupilLink } from '../../src/core/pupils/pupil-link';
import { type PlaygroundSession, SHOTS, type TestBot, startPlaygroundSession } from '../builders/playground-session';
import { SAM, seedRegister } from '../builders/pupil-register';

jest.setTimeout(180_000);

let session: PlaygroundSession | undefined;
let harness: TestBot;
let page: Page;
let shot = 0;

const snap = (name: string) => page.screenshot({ path: join(SHOTS, `pupils-${String(++shot).padStart(2, '0')}-${name}.png`) });
const press = async (label: string) => {
  await page.getByRole('button', { name: label, exact: true }).last().click();
  await page.waitForTimeout(1200);
};
const choose = (label: string | RegExp) => page.getByRole('radio', { name: label }).last().click();

beforeAll(async () => {
  session = await startPlaygroundSession({ viewport: { width: 1400, height: 1600 }, prepare: (started) => seedRegister(started.bot.deps) });
  ({ harness, page } = session);
});

afterAll(async () => {
  await session?.stop();
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
