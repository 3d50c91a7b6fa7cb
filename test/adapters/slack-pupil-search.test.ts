/**
 * The pupil step in the Slack modal, through signed requests to /slack/events: the external select's
 * options request finds the register's matches for the reporter only, a pupil is added with a part, and
 * the report links them; a tampered id and another person's search change nothing; no message names a
 * pupil.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { PupilLink } from '../../src/core/pupils/pupil-link';
import type { WizardState } from '../../src/core/wizard/wizard-state';
import { blockKitProblems } from '../builders/block-kit-limits';
import { LILY, SAM, TOM, seedRegister } from '../builders/pupil-register';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { interaction, nextTrigger, type SlackUserRef } from '../builders/slack-request';
import { SLACK_TEACHER, SlackUser, buttonsIn, viewText } from '../builders/slack-user';
import { walkSlackReport } from '../builders/walk-slack-wizard';

let harness: SlackHarness;
let teacher: SlackUser;
beforeEach(async () => {
  harness = await startSlackBot();
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
  await seedRegister(harness.bot.deps);
});
afterEach(async () => harness.stop());

const user = (ref: SlackUserRef) => ({ id: ref.id, username: ref.name, name: ref.name, team_id: 'T0DEMO' });

/** What Slack sends as the person types into the external select. */
async function suggest(who: SlackUserRef, view: any, value: string) {
  const reply = await interaction(harness.slackUrl, {
    type: 'block_suggestion',
    team: { id: 'T0DEMO' },
    user: user(who),
    container: { type: 'view', view_id: view.id },
    action_id: 'pupil-search',
    block_id: 'pupilMatch',
    value,
    view,
  });
  expect(reply.status).toBe(200);
  return (reply.json?.options ?? []) as Array<{ text: { type: string; text: string }; value: string }>;
}

/** The modal's state with a pupil chosen in the select and a part chosen. */
const stateWith = (pupilId?: string, part?: string) => ({
  values: {
    pupilMatch: { 'pupil-search': { type: 'external_select', selected_option: pupilId ? { value: pupilId, text: { type: 'plain_text', text: 'x' } } : null } },
    pupilPart: { value: { type: 'static_select', selected_option: part ? { value: part } : null } },
  },
});

/** Presses a button on the pupil step with a pupil chosen, as the Slack client would; the person then sees the updated modal. */
async function pressWith(value: string, pupilId?: string, part?: string) {
  const view = teacher.view as any;
  const before = harness.api.callsTo('views.update').length;
  await interaction(harness.slackUrl, {
    type: 'block_actions',
    team: { id: 'T0DEMO' },
    user: user(SLACK_TEACHER),
    trigger_id: nextTrigger(),
    container: { type: 'view', view_id: view.id },
    view: { ...view, state: stateWith(pupilId, part) },
    actions: [{ type: 'button', action_id: 'report-next', block_id: 'pupil-add', value, action_ts: `${Date.now() / 1000}` }],
  });
  const update = (await harness.api.waitFor('views.update', before + 1)).at(-1);
  teacher.view = { ...update?.args.view, id: update?.args.view_id, hash: update?.answer?.view?.hash };
}

/** Submits the pupil step ("Next") with a pupil still chosen in the select. */
async function submitWith(pupilId: string, part: string) {
  const view = teacher.view as any;
  const reply = await interaction(harness.slackUrl, {
    type: 'view_submission',
    team: { id: 'T0DEMO' },
    user: user(SLACK_TEACHER),
    trigger_id: nextTrigger(),
    view: { ...view, state: stateWith(pupilId, part) },
  });
  expect(reply.json?.response_action).toBe('update');
  teacher.view = { ...reply.json.view, id: view.id, hash: view.hash };
}

test('the manifest sends the select menus’ options requests to the events endpoint', () => {
  const manifest = parse(readFileSync(join(__dirname, '../../manifest/slack/manifest.yml'), 'utf8'));
  expect(new URL(manifest.settings.interactivity.message_menu_options_url).pathname).toBe('/slack/events');
});

test('search and choose in the modal: matches for the reporter only, a part each, links stored once, no message names a pupil', async () => {
  const problems: string[] = [];
  const { receipt, seen } = await walkSlackReport(harness, teacher, 'online-bullying-of-pupil', {
    fields: { pupils: '' },
    onView: (v) => problems.push(...blockKitProblems(v, 'modal')),
    onPupilStep: async () => {
      const view = teacher.view as any;
      expect(viewText(view)).toContain('Which pupils are involved?');
      expect(view.blocks.find((b: any) => b.block_id === 'pupilMatch')?.element).toMatchObject({ type: 'external_select', action_id: 'pupil-search' });
      expect(blockKitProblems(view, 'modal')).toEqual([]);

      const options = await suggest(SLACK_TEACHER, view, 'cart');
      expect(options).toEqual([
        { text: expect.objectContaining({ type: 'plain_text', text: 'Lily Carter (Year 6, 6R)' }), value: LILY },
        { text: expect.objectContaining({ type: 'plain_text', text: 'Sam Carter (Year 5, 5C)' }), value: SAM },
      ]);
      // Someone else holding the modal's metadata finds nobody; a search past the limit finds nobody.
      expect(await suggest({ id: 'U0OTHER01', name: 'someone.else' }, view, 'cart')).toEqual([]);
      expect(await suggest(SLACK_TEACHER, view, 'c'.repeat(61))).toEqual([]);

      await pressWith('pupil-add', SAM, 'harmed');
      expect(viewText(teacher.view)).toContain('Sam Carter (Year 5, 5C): Harmed or at risk');
      // Remove, then add again: the list follows.
      const remove = buttonsIn(teacher.view?.blocks).find((b) => b.value === `pupil-remove:${SAM}`);
      expect(remove).toMatchObject({ action_id: 'report-next' });
      await teacher.pressInModal(remove as NonNullable<typeof remove>);
      expect(viewText(teacher.view)).toContain('Nobody added yet');
      await pressWith('pupil-add', SAM, 'harmed');
      await pressWith('pupil-add', 'pupil:upn:Z999999999999', 'witness');
      expect(viewText(teacher.view)).toContain('not on this school');
      // "Next" with Tom still chosen adds him, then moves on.
      await submitWith(TOM, 'instigator');
      expect(viewText(teacher.view)).toContain('The details');
    },
  });
  expect(problems).toEqual([]);
  const review = seen.find((v) => v?.callback_id === 'report-submit');
  expect(viewText(review)).toContain('Sam Carter (Year 5, 5C): Harmed or at risk');
  expect(viewText(review)).toContain('Tom Okafor (Year 6, 6R): Instigator');
  expect(viewText(receipt)).toContain('ES-');

  const links = await harness.bot.deps.store.query<PupilLink>('links', { schoolId: 'oakfield-primary' });
  expect(links.map((l) => [l.pupilId, l.part]).sort()).toEqual([
    [SAM, 'harmed'],
    [TOM, 'instigator'],
  ]);
  const wizard = (await harness.bot.deps.store.query<WizardState>('wizards', { schoolId: 'oakfield-primary' }))[0];
  expect(JSON.stringify(wizard)).not.toMatch(/Carter|Okafor/);

  await harness.bot.jobs.flush();
  const posted = harness.api.callsTo('chat.postMessage');
  expect(posted.length).toBeGreaterThan(0);
  for (const call of posted) expect(JSON.stringify(call.args)).not.toMatch(/Carter|Okafor/);
});

test('initials stay possible: Next without a pupil, then the typed field', async () => {
  const { receipt } = await walkSlackReport(harness, teacher, 'online-bullying-of-pupil', { fields: { pupils: 'J.S. 5C' } });
  expect(viewText(receipt)).toContain('ES-');
  expect(await harness.bot.deps.store.count('links', { schoolId: 'oakfield-primary' })).toBe(0);
});
