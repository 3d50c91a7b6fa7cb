/**
 * Sharing a case in Slack, through requests signed as Slack signs them: the DSL opens the full record
 * from the channel message, "Share with a colleague" pushes the form, a submission without a reason is
 * answered beside the field and shares nothing, a good one is stored, redraws the record beneath and
 * tells the colleague in their DM; "Revoke" ends it; a teacher's forged submission is refused.
 */
import type { Incident } from '../../src/core/incidents/incident';
import { blockKitProblems } from '../builders/block-kit-limits';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { interaction, nextTrigger } from '../builders/slack-request';
import { SLACK_TEACHER, SlackUser, viewText } from '../builders/slack-user';
import { walkSlackReport } from '../builders/walk-slack-wizard';
import { pressInModal } from '../builders/slack-modal';

const SAFEGUARDING = { id: 'C0SAFE001', name: 'safeguarding' };
const DSL_REF = { id: 'U0DEMO001', name: 'alex.wilber' };
const TECH_ID = 'U0DEMO006';
const SCHOOL = 'oakfield-primary';

let harness: SlackHarness;
let teacher: SlackUser;
let dsl: SlackUser;
beforeEach(async () => {
  harness = await startSlackBot({ clock: { now: () => new Date('2026-11-23T10:00:00Z') } });
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
  dsl = new SlackUser(DSL_REF, harness.slackUrl, harness.api);
});
afterEach(async () => harness.stop());

const store = () => harness.bot.deps.store;
const userOf = (ref: { id: string; name: string }) => ({ id: ref.id, username: ref.name, name: ref.name, team_id: 'T0DEMO' });

async function openRecord() {
  await dsl.slash('register dsl channel', SAFEGUARDING);
  await walkSlackReport(harness, teacher, 'online-bullying-of-pupil');
  await harness.bot.jobs.flush();
  const post = harness.api.callsTo('chat.postMessage').find((c) => c.args.channel === SAFEGUARDING.id);
  const before = harness.api.callsTo('views.open').length;
  await dsl.pressOnMessage(SAFEGUARDING.id, post?.answer?.ts, post?.args.blocks, 'full-record');
  return dsl.openedForm(before);
}

const press = (record: any, actionId: string, label: string, who = DSL_REF) => pressInModal(harness, who, record, actionId, label);

function submit(form: any, values: Record<string, string>, underId: string, who = DSL_REF) {
  const state = Object.fromEntries(
    Object.entries(values).map(([block, v]) => [
      block,
      { value: block === 'person' ? { type: 'static_select', selected_option: { value: v } } : block === 'until' ? { type: 'datepicker', selected_date: v } : { type: 'plain_text_input', value: v } },
    ]),
  );
  return interaction(harness.slackUrl, {
    type: 'view_submission',
    team: { id: 'T0DEMO' },
    user: userOf(who),
    trigger_id: nextTrigger(),
    view: { ...form, state: { values: state }, previous_view_id: underId },
  });
}

test('the DSL shares a case with a colleague from the full record, the colleague is told, and the share can be revoked', async () => {
  const record = await openRecord();
  const pushes = harness.api.callsTo('views.push').length;
  await press(record, 'share-open-form', 'Share with a colleague');
  const pushed = (await harness.api.waitFor('views.push', pushes + 1)).at(-1);
  const form = { ...pushed?.args.view, id: pushed?.answer?.view?.id };
  expect(blockKitProblems(form, 'modal')).toEqual([]);
  const samReid = (form.blocks.find((b: any) => b.block_id === 'person')?.element.options ?? []).find((o: any) => o.text.text === 'Sam Reid')?.value;
  expect(samReid).toBeDefined();
  const incidentId = String(form.private_metadata).split('/')[1] as string;

  const noReason = await submit(form, { person: samReid, until: '2027-01-31', reason: '' }, record.id);
  expect(noReason.json).toMatchObject({ response_action: 'errors' });
  expect((await store().get<Incident>('incidents', SCHOOL, incidentId))?.shares ?? []).toEqual([]);

  // A teacher submitting the same form (forged: they were never given it) shares nothing.
  const forged = await submit(form, { person: samReid, until: '2027-01-31', reason: 'I want to see it' }, record.id, SLACK_TEACHER);
  expect(viewText(forged.json?.view)).toMatch(/Nothing was changed/);
  expect((await store().get<Incident>('incidents', SCHOOL, incidentId))?.shares ?? []).toEqual([]);

  const updates = harness.api.callsTo('views.update').length;
  const saved = await submit(form, { person: samReid, until: '2027-01-31', reason: 'He looks after the laptops the messages were sent from.' }, record.id);
  expect(saved.status).toBe(200);
  const shares = (await store().get<Incident>('incidents', SCHOOL, incidentId))?.shares ?? [];
  expect(shares).toEqual([expect.objectContaining({ access: 'read', until: '2027-01-31', person: expect.objectContaining({ name: 'Sam Reid' }) })]);
  const redraw = (await harness.api.waitFor('views.update', updates + 1)).at(-1);
  expect(redraw?.args.view_id).toBe(record.id);
  expect(viewText(redraw?.args.view)).toContain('Sam Reid: read only, until');

  await harness.bot.jobs.flush();
  const told = harness.api.callsTo('chat.postMessage').filter((c) => c.args.channel === TECH_ID);
  expect(told.length).toBe(1);
  expect(told[0]?.args.text).toMatch(/^Alex Wilber has shared ES-2026-\d{4} with you until 31 Jan 2027 \(read only\)/);
  // Their DM: why they were brought in, and the record behind a button; nothing of what was reported.
  expect(JSON.stringify(told[0]?.args)).not.toContain('description');

  const revokes = harness.api.callsTo('views.update').length;
  await press({ ...redraw?.args.view, id: record.id }, 'share-revoke', 'Revoke');
  const after = (await harness.api.waitFor('views.update', revokes + 1)).at(-1);
  expect(viewText(after?.args.view)).not.toContain('Revoke (Sam Reid)');
  expect((await store().get<Incident>('incidents', SCHOOL, incidentId))?.shares?.[0]?.revokedAt).toBeDefined();
});
