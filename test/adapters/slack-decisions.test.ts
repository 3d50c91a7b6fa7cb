/**
 * What was decided and done, in Slack, through requests signed as Slack signs them: the full-record
 * modal's decisions section, a button pushing its form on top, the submission saving fields (the record
 * beneath redrawn), a bad value answered beside its field, a teacher refused and audited, a referral's
 * follow-up task, and the sanction's multi-select.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { Incident } from '../../src/core/incidents/incident';
import { blockKitProblems } from '../builders/block-kit-limits';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { interaction, nextTrigger } from '../builders/slack-request';
import { SLACK_TEACHER, SlackUser, buttonsIn, viewText } from '../builders/slack-user';
import { walkSlackReport } from '../builders/walk-slack-wizard';
import { pushedBy } from '../builders/slack-modal';

const SAFEGUARDING = { id: 'C0SAFE001', name: 'safeguarding' };
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };
const DSL_REF = { id: 'U0DEMO001', name: 'alex.wilber' };

let harness: SlackHarness;
let teacher: SlackUser;
let dsl: SlackUser;
beforeEach(async () => {
  harness = await startSlackBot({ clock });
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
  dsl = new SlackUser(DSL_REF, harness.slackUrl, harness.api);
});
afterEach(async () => harness.stop());

const store = () => harness.bot.deps.store;
const incident = async () => (await store().query<Incident>('incidents', {}))[0] as Incident;
const decisionAudits = async () => (await store().query<AuditEvent>('audit', {})).filter((a) => a.action.startsWith('incident.decision.'));

/** The DSL's full-record modal for a grooming report (opened from the channel message). */
async function openRecord(user: SlackUser = dsl) {
  expect((await dsl.slash('register dsl channel', SAFEGUARDING)).json?.text).toContain('Done');
  await walkSlackReport(harness, teacher, 'grooming-inappropriate-contact');
  await harness.bot.jobs.flush();
  const post = harness.api.callsTo('chat.postMessage').find((c) => c.args.channel === SAFEGUARDING.id);
  const before = harness.api.callsTo('views.open').length;
  await user.pressOnMessage(SAFEGUARDING.id, post?.answer?.ts, post?.args.blocks, 'full-record');
  return user.openedForm(before);
}

const userOf = (ref: { id: string; name: string }) => ({ id: ref.id, username: ref.name, name: ref.name, team_id: 'T0DEMO' });

/** Presses a button inside an open modal; returns the view the app pushed. */
const pressInRecord = (ref: { id: string; name: string }, record: any, actionId: string, label?: string) => pushedBy(harness, ref, record, actionId, label);

/** Submits a pushed form with `values` (block id → typed value, or an array for a multi-select). */
async function submit(ref: { id: string; name: string }, form: any, values: Record<string, string | string[]>, underId?: string) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of form.blocks.filter((b: any) => b.type === 'input')) {
    const v = values[block.block_id];
    const type = block.element.type;
    state[block.block_id] = {
      value:
        type === 'datepicker'
          ? { type, selected_date: v ?? block.element.initial_date ?? null }
          : type === 'static_select'
            ? { type, selected_option: v ? { value: v } : (block.element.initial_option ?? null) }
            : type === 'multi_static_select'
              ? { type, selected_options: ((v as string[]) ?? []).map((value) => ({ value })) }
              : { type, value: v ?? block.element.initial_value ?? null },
    };
  }
  return interaction(harness.slackUrl, {
    type: 'view_submission',
    team: { id: 'T0DEMO' },
    user: userOf(ref),
    trigger_id: nextTrigger(),
    view: { ...form, state: { values: state }, previous_view_id: underId ?? null },
  });
}

test('a decisions button inside the full record pushes its form; saving closes it and redraws the record beneath', async () => {
  const record = await openRecord();
  expect(viewText(record)).toContain('What was decided and done');
  expect(buttonsIn(record.blocks).map((b) => b.action_id)).toEqual(expect.arrayContaining(['decision-parents', 'decision-parents-not', 'decision-sanction', 'decision-lado', 'decision-type']));
  const form = await pressInRecord(DSL_REF, record, 'decision-parents');
  expect(blockKitProblems(form, 'modal')).toEqual([]);
  expect(form.callback_id).toBe('decision-save');
  expect(viewText(form)).toContain('Parents or carers informed');
  expect(form.blocks.find((b: any) => b.block_id === 'on')?.element).toMatchObject({ type: 'datepicker', initial_date: '2026-11-23' });

  const updatesBefore = harness.api.callsTo('views.update').length;
  const reply = await submit(DSL_REF, form, { method: 'phone', note: 'Dad will come in tomorrow.' }, record.id);
  expect(reply.status).toBe(200);
  expect(reply.json?.response_action).toBeUndefined();
  const updates = await harness.api.waitFor('views.update', updatesBefore + 1);
  const redrawn = updates[updates.length - 1]?.args;
  expect(redrawn?.view_id).toBe(record.id);
  expect(viewText(redrawn?.view)).toContain('Parents or carers informed: by phone, on Mon 23 Nov 2026, by Alex Wilber');
  const saved = await incident();
  expect(saved.parents?.[0]).toMatchObject({ kind: 'informed', method: 'phone', toldBy: 'Alex Wilber', note: 'Dad will come in tomorrow.', recordedBy: { platform: 'slack', userId: 'U0DEMO001' } });
  expect(saved.chronology.filter((c) => c.action === 'parents-informed')).toHaveLength(1);
  expect((await decisionAudits()).map((a) => [a.action, a.outcome, a.detail])).toEqual([['incident.decision.parents-informed', 'ok', 'method=phone']]);
});

test('a bad value is answered beside its field (response_action errors) and nothing is saved', async () => {
  const record = await openRecord();
  const form = await pressInRecord(DSL_REF, record, 'decision-lado');
  const future = await submit(DSL_REF, form, { on: '2026-12-25', officer: 'Pat Officer', advice: 'Wait.' }, record.id);
  expect(future.json).toEqual({ response_action: 'errors', errors: { on: 'That day is in the future: please choose today or an earlier day.' } });
  const noOfficer = await submit(DSL_REF, form, { officer: '', advice: 'Wait.' }, record.id);
  expect(noOfficer.json).toEqual({ response_action: 'errors', errors: { officer: "Please write the officer's name." } });
  expect((await incident()).ladoContacts).toBeUndefined();
  const ok = await submit(DSL_REF, form, { officer: 'Pat Officer', advice: 'Wait for the strategy meeting.', referenceNumber: 'L-19' }, record.id);
  expect(ok.json?.response_action).toBeUndefined();
  expect((await incident()).ladoContacts?.[0]).toMatchObject({ officer: 'Pat Officer', referenceNumber: 'L-19', on: '2026-11-23' });
});

test('a sanction with several actions chosen from the multi-select', async () => {
  const record = await openRecord();
  const form = await pressInRecord(DSL_REF, record, 'decision-sanction');
  expect(blockKitProblems(form, 'modal')).toEqual([]);
  const actions = form.blocks.find((b: any) => b.block_id === 'actions')?.element;
  expect(actions.type).toBe('multi_static_select');
  const value = (label: string) => actions.options.find((o: any) => o.text.text === label)?.value;
  await submit(DSL_REF, form, { category: 'B', actions: [value('Phone kept until the end of the day'), value('Parents or carers contacted')] }, record.id);
  expect((await incident()).sanctions?.[0]).toMatchObject({ category: 'B', actions: ['Phone kept until the end of the day', 'Parents or carers contacted'] });
});

test('referral details: the follow-up day becomes a task for the lead', async () => {
  const first = await openRecord();
  const { id, schoolId } = await incident();
  const post = harness.api.callsTo('chat.postMessage').find((c) => c.args.channel === SAFEGUARDING.id);
  const before = harness.api.callsTo('views.open').length;
  await dsl.pressOnMessage(SAFEGUARDING.id, post?.answer?.ts, post?.args.blocks, 'refer');
  await dsl.openedForm(before);
  dsl.fill({ agency: 'childrens-social-care' });
  await dsl.submit();
  expect((await incident()).referrals).toHaveLength(1);
  expect(first.id).toBeDefined();
  const again = harness.api.callsTo('views.open').length;
  await dsl.pressOnMessage(SAFEGUARDING.id, post?.answer?.ts, post?.args.blocks, 'full-record');
  const record = await dsl.openedForm(again);
  const form = await pressInRecord(DSL_REF, record, 'decision-referral');
  expect(JSON.parse(JSON.stringify(form)).private_metadata).toBe(`${schoolId}/${id}/referral:0`);
  await submit(DSL_REF, form, { referenceNumber: 'MASH-88', followUpOn: '2026-11-26' }, record.id);
  const saved = await incident();
  expect(saved.referrals[0]).toMatchObject({ referenceNumber: 'MASH-88', followUpOn: '2026-11-26', referredOn: '2026-11-23' });
  expect(saved.tasks.find((t) => t.id === saved.referrals[0]?.followUpTaskId)).toMatchObject({ status: 'open', ownerRole: 'dsl' });
});

test('a teacher who somehow presses a decisions button or submits the form is refused, audited, and nothing changes', async () => {
  const record = await openRecord();
  const button = buttonsIn(record.blocks).find((b) => b.action_id === 'decision-parents-not');
  const opened = harness.api.callsTo('views.open').length;
  await interaction(harness.slackUrl, {
    type: 'block_actions',
    team: { id: 'T0DEMO' },
    user: userOf(SLACK_TEACHER),
    trigger_id: nextTrigger(),
    actions: [{ type: 'button', action_id: 'decision-parents-not', block_id: button?.block_id, value: button?.value, action_ts: `${Date.now() / 1000}` }],
  });
  const notice = (await harness.api.waitFor('views.open', opened + 1))[opened];
  expect(viewText(notice?.args.view)).toContain('Your attempt has been recorded');
  // Pressed inside the record (as if the teacher had it open): the refusal is pushed on top.
  const pushedRefusal = await pressInRecord(SLACK_TEACHER, record, 'decision-parents-not');
  expect(viewText(pushedRefusal)).toContain('Your attempt has been recorded');
  const form = await pressInRecord(DSL_REF, record, 'decision-parents-not');
  const reply = await submit(SLACK_TEACHER, form, { reason: 'Because.' });
  expect(reply.json?.response_action).toBe('update');
  expect(viewText(reply.json?.view)).toContain('Your attempt has been recorded');
  expect((await decisionAudits()).map((a) => [a.action, a.outcome, a.actor.userId])).toEqual([
    ['incident.decision.parents-not-told', 'refused', SLACK_TEACHER.id],
    ['incident.decision.parents-not-told', 'refused', SLACK_TEACHER.id],
    ['incident.decision.parents-not-told', 'refused', SLACK_TEACHER.id],
  ]);
  expect((await incident()).parents).toBeUndefined();
});

test('a tampered form reference is refused with nothing changed', async () => {
  const record = await openRecord();
  const form = await pressInRecord(DSL_REF, record, 'decision-parents-not');
  const { id, schoolId } = await incident();
  const reply = await submit(DSL_REF, { ...form, private_metadata: `${schoolId}/${id}/sanction:9` }, { reason: 'x' });
  expect(viewText(reply.json?.view)).toContain('not recognised');
  const none = await submit(DSL_REF, { ...form, private_metadata: `${schoolId}/${id}` }, { reason: 'x' });
  expect(viewText(none.json?.view)).toContain('not recognised');
  expect((await incident()).parents).toBeUndefined();
});
