/**
 * The child's file and sharing in Slack, through requests signed as Slack signs them: `/report pupil`
 * opens the file in a private modal (a choice first when several match; none said plainly), "Older
 * entries" redraws it in place, a teacher is refused and audited, and nothing is ever posted in the
 * channel it was typed in. Sharing: the full record's form pushed on top, a bad date answered beside its
 * field, the colleague's DM with Full record and their task, the read refused after the date.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { notePerson } from '../../src/core/aup/register-people';
import type { CoreDeps } from '../../src/core/deps';
import type { Incident } from '../../src/core/incidents/incident';
import { blockKitProblems } from '../builders/block-kit-limits';
import { SCHOOL, incident, linkPupil, pupil } from '../builders/case-file-incidents';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { interaction, nextTrigger } from '../builders/slack-request';
import { SLACK_TEACHER, SlackUser, buttonsIn, viewText } from '../builders/slack-user';

let now = Date.parse('2026-12-01T10:00:00Z');
const clock = { now: () => new Date(now) };
const DSL_REF = { id: 'U0DEMO001', name: 'alex.wilber' };
const JAMIE = 'pupil:upn:A123456789012';
const GENERAL = { id: 'C0GENERAL', name: 'general' };
const by = { platform: 'slack' as const, userId: 'U0DEMO001', name: 'Alex Wilber' };

let harness: SlackHarness;
let teacher: SlackUser;
let dsl: SlackUser;
beforeEach(async () => {
  now = Date.parse('2026-12-01T10:00:00Z');
  harness = await startSlackBot({ clock });
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
  dsl = new SlackUser(DSL_REF, harness.slackUrl, harness.api);
});
afterEach(async () => harness.stop());

const deps = (): CoreDeps => harness.bot.deps;
const userOf = (ref: { id: string; name: string }) => ({ id: ref.id, username: ref.name, name: ref.name, team_id: 'T0DEMO' });
const audits = (action: string) => deps().store.query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: action }] });

async function seed(notes = 2) {
  await deps().store.create('pupils', pupil(JAMIE, 'Jamie', 'Smithers'));
  await deps().store.create('pupils', pupil('pupil:upn:C123456789012', 'Jamie', 'Jones', { yearGroup: '3', registrationGroup: '3A' }));
  const chronology = Array.from({ length: notes }, (_, i) => ({ at: new Date(Date.parse('2026-10-02T10:00:00Z') + i * 60_000).toISOString(), by, action: 'note', detail: `Note number ${i + 1}` }));
  const bullying = incident(1, 'online-bullying-of-pupil', 'Online bullying of a pupil', '2026-10-01T09:00:00.000Z', { chronology });
  const hate = incident(2, 'online-hate', 'Online hate', '2026-11-20T09:00:00.000Z');
  for (const i of [bullying, hate]) await deps().store.create('incidents', i);
  await linkPupil(deps(), bullying, JAMIE, 'harmed');
  await linkPupil(deps(), hate, JAMIE, 'witness');
}

/** `/report <text>` and the modal it opens. */
async function slashModal(user: SlackUser, text: string, channel?: { id: string; name: string }) {
  const before = harness.api.callsTo('views.open').length;
  const reply = await user.slash(text, channel);
  expect(reply.status).toBe(200);
  return user.openedForm(before);
}

/** Presses a button inside an open modal; returns the call the app made (`views.push`, `views.update` or `views.open`). */
async function pressIn(ref: { id: string; name: string }, view: any, actionId: string, method: 'views.push' | 'views.update' | 'views.open') {
  const button = buttonsIn(view.blocks).find((b) => b.action_id === actionId);
  expect(button).toBeDefined();
  const before = harness.api.callsTo(method).length;
  await interaction(harness.slackUrl, {
    type: 'block_actions',
    team: { id: 'T0DEMO' },
    user: userOf(ref),
    trigger_id: nextTrigger(),
    container: { type: 'view', view_id: view.id },
    view: { ...view, type: 'modal', state: { values: {} } },
    actions: [{ type: 'button', action_id: actionId, block_id: button?.block_id, value: button?.value, action_ts: `${Date.now() / 1000}` }],
  });
  const calls = await harness.api.waitFor(method, before + 1);
  const call = calls[calls.length - 1];
  return { ...call?.args.view, id: call?.answer?.view?.id ?? call?.args.view_id };
}

test('/report pupil: several matches, then the file in a private modal, newest first, paged; nothing in the channel; the open is audited', async () => {
  await seed(150);
  const choice = await slashModal(dsl, 'pupil jamie', GENERAL);
  expect(blockKitProblems(choice, 'modal')).toEqual([]);
  expect(viewText(choice)).toContain('Jamie Jones, Year 3, 3A');
  expect(viewText(choice)).toContain('Jamie Smithers, Year 5, 5C');
  const smithers = buttonsIn(choice.blocks).find((b) => b.value?.endsWith(JAMIE));
  expect(smithers?.action_id).toBe('pupil-file-open');
  await dsl.pressInModal(smithers!);
  const file = dsl.view!;
  expect(blockKitProblems(file, 'modal')).toEqual([]);
  expect(file.blocks.length).toBeLessThanOrEqual(100);
  expect(viewText(file)).toContain('ES-2026-0002: Online hate. Witness.');
  expect(viewText(file)).toContain('Note number 150');
  expect(buttonsIn(file.blocks).filter((b) => b.action_id === 'full-record')).toHaveLength(2);
  const older = buttonsIn(file.blocks).find((b) => b.action_id === 'pupil-file-older');
  expect(older?.text?.text).toBe('Older entries');
  await dsl.pressInModal(older!);
  expect(viewText(dsl.view)).not.toContain('Note number 150');
  expect(blockKitProblems(dsl.view, 'modal')).toEqual([]);
  // Nothing about the child was posted anywhere: only modals.
  expect(JSON.stringify(harness.api.callsTo('chat.postMessage'))).not.toContain('Jamie');
  expect(JSON.stringify(harness.api.callsTo('chat.postEphemeral'))).not.toContain('Jamie');
  expect((await audits('pupil.file-open')).map((e) => [e.outcome, e.detail])).toEqual([
    ['ok', JAMIE],
    ['ok', JAMIE],
  ]);
});

test('no match is said plainly; a teacher is refused and audited, and sees nothing of the child', async () => {
  await seed();
  expect(viewText(await slashModal(dsl, 'pupil zebedee'))).toContain('No pupil on the register matches');
  const refused = viewText(await slashModal(teacher, 'pupil smithers'));
  expect(refused).toContain('Your attempt has been recorded');
  expect(refused).not.toContain('Jamie');
  expect((await audits('pupil.file-open')).map((e) => [e.actor.userId, e.outcome])).toEqual([['U0TEACH01', 'refused']]);
});

test('sharing from the full record: a bad date beside its field, then the colleague is told by DM, reads it until the date, does their task, and is refused after', async () => {
  await seed();
  await notePerson(deps(), { schoolId: SCHOOL, platform: 'slack', userId: SLACK_TEACHER.id, name: 'Sam Teacher' });
  const file = await slashModal(dsl, 'pupil smithers');
  const record = await pressIn(DSL_REF, file, 'full-record', 'views.push');
  expect(viewText(record)).toContain('Shared with colleagues');
  // The record's pupils section opens the file on top of it.
  const fromRecord = await pressIn(DSL_REF, record, 'pupil-file-open', 'views.push');
  expect(viewText(fromRecord)).toContain('Incidents naming this child');
  const form = await pressIn(DSL_REF, record, 'share-open-form', 'views.push');
  expect(blockKitProblems(form, 'modal')).toEqual([]);
  const person = form.blocks.find((b: any) => b.block_id === 'person').element.options.find((o: any) => o.text.text === 'Sam Teacher')?.value;
  expect(person).toBeDefined();
  const submit = (values: Record<string, string>) => {
    const state: Record<string, Record<string, unknown>> = {};
    for (const block of form.blocks.filter((b: any) => b.type === 'input')) {
      const v = values[block.block_id];
      const type = block.element.type;
      state[block.block_id] = {
        value:
          type === 'datepicker'
            ? { type, selected_date: v ?? null }
            : type === 'static_select' || type === 'radio_buttons'
              ? { type, selected_option: v ? { value: v } : (block.element.initial_option ?? null) }
              : { type, value: v ?? null },
      };
    }
    return interaction(harness.slackUrl, {
      type: 'view_submission',
      team: { id: 'T0DEMO' },
      user: userOf(DSL_REF),
      trigger_id: nextTrigger(),
      view: { ...form, state: { values: state }, previous_view_id: record.id },
    });
  };
  const past = await submit({ person, until: '2026-11-01', reason: 'Class teacher.' });
  expect(past.json).toEqual({ response_action: 'errors', errors: { until: 'The date it ends cannot be in the past.' } });
  expect((await deps().store.get<Incident>('incidents', SCHOOL, 'inc-1'))?.shares).toBeUndefined();

  const updatesBefore = harness.api.callsTo('views.update').length;
  const ok = await submit({ person, access: 'task', taskText: 'Check in each morning.', taskDue: '2026-12-04', until: '2027-01-31', reason: 'Class teacher: watch for signs.' });
  expect(ok.json?.response_action).toBeUndefined();
  const updates = await harness.api.waitFor('views.update', updatesBefore + 1);
  expect(viewText(updates[updates.length - 1]?.args.view)).toContain('Sam Teacher: with a task, until 31 Jan 2027');

  await harness.bot.jobs.flush();
  const dm = harness.api.callsTo('chat.postMessage').find((c) => JSON.stringify(c.args).includes('has shared'));
  expect(dm?.args.text).toBe('Alex Wilber has shared ES-2026-0001 with you until 31 Jan 2027 (with a task). Open the full record.');
  expect(blockKitProblems({ text: dm?.args.text, blocks: dm?.args.blocks }, 'message')).toEqual([]);
  // The lead is told, once it is true, that it reached them.
  expect(JSON.stringify(harness.api.callsTo('chat.postMessage').map((c) => c.args.text))).toContain('Sam Teacher has been told that ES-2026-0001 is shared with them: the message reached them');
  const channel = dm?.args.channel as string;
  const ts = dm?.answer?.ts as string;

  const opened = harness.api.callsTo('views.open').length;
  await teacher.pressOnMessage(channel, ts, dm?.args.blocks, 'full-record');
  const read = await teacher.openedForm(opened);
  expect(viewText(read)).toContain('ES-2026-0001: Online bullying of a pupil');
  expect(viewText(read)).not.toContain('share-open-form');

  await teacher.pressOnMessage(channel, ts, dm?.args.blocks, 'share-task-done');
  const redrawn = await harness.api.waitFor('chat.update', 1);
  expect(JSON.stringify(redrawn[redrawn.length - 1]?.args.blocks)).toContain('Done');
  expect((await deps().store.get<Incident>('incidents', SCHOOL, 'inc-1'))?.tasks.find((t) => t.id === 'share-1-task')?.status).toBe('done');

  now = Date.parse('2027-02-01T09:00:00Z');
  await teacher.pressOnMessage(channel, ts, dm?.args.blocks, 'full-record');
  const refused = await harness.api.waitFor('chat.postEphemeral', 1);
  expect(JSON.stringify(refused[refused.length - 1]?.args)).toContain('Your attempt has been recorded');
  const reads = (await audits('incident.full-record')).filter((e) => e.actor.userId === SLACK_TEACHER.id);
  expect(reads.map((e) => e.outcome)).toEqual(['ok', 'refused']);
});
