/**
 * Unblock requests and the filtering log in Slack, through requests signed as Slack signs them: a
 * teacher's /report unblock is answered privately; the technician's DM has Approve and Refuse; Approve
 * tells the teacher until when; at the end the technician is reminded and presses Blocked again; Refuse
 * asks for a reason in a form; a teacher pressing Approve is refused and audited; a forbidden site is
 * refused at once and the lead told; /report filtering log csv parses back. Approved by the lead instead,
 * the technician's DM says to unblock it now; the reminder comes when it ends, after hours too. Once one
 * approver answers, the other's DM card is updated in place (chat.update, same channel and ts), no buttons;
 * an approver Slack never reached gets nothing new.
 */
import { parse } from 'csv-parse/sync';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { FilteringEntry } from '../../src/core/filtering/filtering-entry';
import { queueReblockReminders } from '../../src/core/filtering/reblock-reminders-job';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { interaction, slashCommand } from '../builders/slack-request';
import { SLACK_TEACHER } from '../builders/slack-user';

const TECH = { id: 'U0DEMO006', name: 'sam.reid' };
const LEAD = { id: 'U0DEMO001', name: 'alex.wilber' };
// Tuesday 1 December 2026, 11:20 in London: period 3 (11:10–12:10).
let now = new Date('2026-12-01T11:20:00Z');
const clock = { now: () => now };
let harness: SlackHarness;
beforeEach(async () => {
  now = new Date('2026-12-01T11:20:00Z');
  harness = await startSlackBot({ clock });
});
afterEach(async () => harness.stop());

const text = (x: unknown) => JSON.stringify(x);
const posted = (channel: string, words: string) => harness.api.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && text(c.args).includes(words));
const buttonValue = (blocks: unknown, actionId: string) => text(blocks).match(new RegExp(`"action_id":"${actionId}","value":"([^"]+)"`))?.[1];
const pressButton = (user: { id: string; name: string }, actionId: string, value: string | undefined) =>
  interaction(harness.slackUrl, {
    type: 'block_actions',
    team: { id: 'T0DEMO' },
    user: { id: user.id, name: user.name, team_id: 'T0DEMO' },
    trigger_id: `t-${Math.random()}`,
    channel: { id: user.id },
    message: { ts: '1700000000.000100' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1' }],
  });
const entries = () => harness.bot.deps.store.query<FilteringEntry>('filtering', { schoolId: 'oakfield-primary' });

test('asked, approved by the technician, reminded at the end, blocked again; a teacher pressing Approve is refused and audited', async () => {
  const asked = await slashCommand(harness.slackUrl, SLACK_TEACHER, 'unblock www.bbc.co.uk/bitesize for the lesson because Year 6 volcanoes');
  expect(asked.json.response_type).toBe('ephemeral');
  expect(text(asked.json)).toContain('Unblock asked: www.bbc.co.uk/bitesize');
  await harness.bot.jobs.flush();
  const [request] = posted(TECH.id, 'Unblock request: www.bbc.co.uk/bitesize');
  const approve = buttonValue(request?.args.blocks, 'unblock-approve');
  expect(approve).toBe(`oakfield-primary/${(await entries())[0]?.id}`);

  await pressButton(SLACK_TEACHER, 'unblock-approve', approve);
  await harness.api.waitFor('chat.postEphemeral');
  expect(text(harness.api.callsTo('chat.postEphemeral'))).toContain('Your attempt has been recorded.');
  expect((await entries())[0]?.status).toBe('requested');
  const audit = await harness.bot.deps.store.query<AuditEvent>('audit', { schoolId: 'oakfield-primary', where: [{ field: 'action', op: '=', value: 'filtering.unblock-approve' }] });
  expect(audit.map((a) => a.outcome)).toEqual(['refused']);

  await pressButton(TECH, 'unblock-approve', approve);
  await harness.api.waitFor('chat.update');
  expect((await entries())[0]?.status).toBe('unblocked');
  await harness.bot.jobs.flush();
  expect(posted(SLACK_TEACHER.id, 'It is unblocked until 12:10, then it is blocked again.')).toHaveLength(1);

  now = new Date('2026-12-01T12:15:00Z');
  await queueReblockReminders(harness.bot.deps);
  await harness.bot.jobs.flush();
  const [reminder] = posted(TECH.id, 'Block it again: www.bbc.co.uk/bitesize');
  await pressButton(TECH, 'unblock-reblocked', buttonValue(reminder?.args.blocks, 'unblock-reblocked'));
  // The press redraws the reminder (the third update: the other approver's card was redrawn once approved).
  await harness.api.waitFor('chat.update', 3);
  expect((await entries()).find((e) => e.kind === 'unblock')?.status).toBe('re-blocked');
  await harness.bot.jobs.flush();
  expect(posted(SLACK_TEACHER.id, 'The site you asked for is blocked again (12:15).')).toHaveLength(1);
});

test('Refuse asks for a reason in a form; an empty one is refused; the teacher is told the reason', async () => {
  await slashCommand(harness.slackUrl, SLACK_TEACHER, 'unblock youtube.com/watch until 14:00 because a volcano video');
  await harness.bot.jobs.flush();
  const [request] = posted(TECH.id, 'Unblock request: youtube.com/watch');
  await pressButton(TECH, 'unblock-refuse', buttonValue(request?.args.blocks, 'unblock-refuse'));
  await harness.api.waitFor('views.open');
  const form = harness.api.callsTo('views.open')[0]?.args.view;
  expect(form.callback_id).toBe('unblock-refuse-form');
  const submit = (reason: string) =>
    interaction(harness.slackUrl, {
      type: 'view_submission',
      team: { id: 'T0DEMO' },
      user: { id: TECH.id, name: TECH.name, team_id: 'T0DEMO' },
      view: { id: 'V1', callback_id: form.callback_id, private_metadata: form.private_metadata, state: { values: { reason: { value: { type: 'plain_text_input', value: reason } } } } },
    });
  const empty = await submit('  ');
  expect(empty.json).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('Say why it is refused') } });
  expect((await entries())[0]?.status).toBe('requested');
  await submit('Use the copy on the school drive');
  expect((await entries())[0]?.status).toBe('refused');
  await harness.bot.jobs.flush();
  expect(posted(SLACK_TEACHER.id, 'Sam Reid refused your request: Use the copy on the school drive')).toHaveLength(1);
});

test('a forbidden site is refused at once and the lead told; bad words change nothing; the log as CSV', async () => {
  const forbidden = await slashCommand(harness.slackUrl, SLACK_TEACHER, 'unblock croxyproxy.com for the lesson because a website');
  expect(text(forbidden.json)).toContain('Sites in this category are never unblocked at Oakfield Primary School: proxies, VPNs and other ways round the filter.');
  const bad = await slashCommand(harness.slackUrl, SLACK_TEACHER, 'unblock www.example.org for the lesson');
  expect(text(bad.json)).toContain('Why is it needed?');
  await harness.bot.jobs.flush();
  expect(posted(LEAD.id, 'Refused at once: a request to unblock croxyproxy.com')).toHaveLength(1);
  expect(await entries()).toHaveLength(1);
  const refused = await slashCommand(harness.slackUrl, SLACK_TEACHER, 'filtering log');
  expect(text(refused.json)).toContain('Your attempt has been recorded.');
  const csv = await slashCommand(harness.slackUrl, TECH, 'filtering log csv');
  expect(csv.json.response_type).toBe('ephemeral');
  const body = String(csv.json.text).split('```')[1]?.trim() ?? '';
  const rows = parse(body, { columns: true }) as Array<Record<string, string>>;
  expect(rows).toEqual([expect.objectContaining({ kind: 'unblock', what: 'croxyproxy.com', status: 'refused', refusal: 'never unblocked: proxies, VPNs and other ways round the filter' })]);
});

test('approved by the online-safety lead: the technician is told to unblock it now, reminded when it ends after hours, presses Blocked again; the teacher is told', async () => {
  await slashCommand(harness.slackUrl, SLACK_TEACHER, 'unblock example.org/club until 16:45 because the after-school coding club');
  await harness.bot.jobs.flush();
  const [request] = posted(LEAD.id, 'Unblock request: example.org/club');
  const approve = buttonValue(request?.args.blocks, 'unblock-approve');
  expect(approve).toBe(`oakfield-primary/${(await entries())[0]?.id}`);
  await pressButton(LEAD, 'unblock-approve', approve);
  await harness.api.waitFor('chat.update');
  expect((await entries())[0]?.status).toBe('unblocked');
  // The lead approved but does not change the filter: they are not told to unblock it, and have nothing left to press.
  const leadSaw = [...harness.api.callsTo('chat.postEphemeral'), ...harness.api.callsTo('chat.update')].filter((c) => c.args.channel === LEAD.id || c.args.user === LEAD.id);
  expect(text(leadSaw)).toContain('Approved: example.org/club');
  expect(text(leadSaw)).not.toContain('Unblock it now');
  expect(text(leadSaw)).not.toContain('unblock-reblocked');
  await harness.bot.jobs.flush();

  // The technician did not approve it, so their DM gets what to do now, with Blocked again.
  const [told] = posted(TECH.id, 'Approved: unblock example.org/club now');
  expect(told).toBeDefined();
  expect(text(told?.args)).toContain('Approved by Alex Wilber.');
  expect(text(told?.args)).toContain('Unblock it now, until 16:45.');
  expect(buttonValue(told?.args.blocks, 'unblock-reblocked')).toBe(approve);
  expect(posted(SLACK_TEACHER.id, 'It is unblocked until 16:45, then it is blocked again.')).toHaveLength(1);

  // 16:45 is after working hours (16:30): the reminder still comes as soon as it ends.
  now = new Date('2026-12-01T16:50:00Z');
  expect((await queueReblockReminders(harness.bot.deps)).reminders).toBe(1);
  await harness.bot.jobs.flush();
  const [reminder] = posted(TECH.id, 'Block it again: example.org/club');
  expect(text(reminder?.args)).toContain('This unblock ended at 16:45.');
  await pressButton(TECH, 'unblock-reblocked', buttonValue(reminder?.args.blocks, 'unblock-reblocked'));
  // The press redraws the reminder (the third update: the other approver's card was redrawn once approved).
  await harness.api.waitFor('chat.update', 3);
  await harness.bot.jobs.flush();
  expect(posted(SLACK_TEACHER.id, 'The site you asked for is blocked again (16:50).')).toHaveLength(1);

  const all = await entries();
  expect(all.find((e) => e.kind === 'unblock')).toMatchObject({ status: 're-blocked', reBlockedBy: { name: 'Sam Reid' }, decidedBy: { name: 'Alex Wilber' } });
  expect(all.filter((e) => e.kind === 're-block')).toEqual([expect.objectContaining({ what: 'example.org/club', status: 'recorded' })]);
});

test("approved by the technician: the online-safety lead's DM card is updated in place (same channel and ts), with no buttons; Approve pressed on it changes nothing", async () => {
  await slashCommand(harness.slackUrl, SLACK_TEACHER, 'unblock www.bbc.co.uk/bitesize for the lesson because Year 6 volcanoes');
  await harness.bot.jobs.flush();
  const [techCard] = posted(TECH.id, 'Unblock request: www.bbc.co.uk/bitesize');
  const [leadCard] = posted(LEAD.id, 'Unblock request: www.bbc.co.uk/bitesize');
  expect(leadCard?.answer).toMatchObject({ ok: true, channel: 'D0DEMO001', ts: expect.any(String) });
  const approve = buttonValue(techCard?.args.blocks, 'unblock-approve');
  expect(buttonValue(leadCard?.args.blocks, 'unblock-approve')).toBe(approve);

  const posts = harness.api.callsTo('chat.postMessage').length;
  await pressButton(TECH, 'unblock-approve', approve);
  await harness.api.waitFor('chat.update');
  await harness.bot.jobs.flush();
  const updates = harness.api.callsTo('chat.update').filter((c) => c.args.channel === 'D0DEMO001');
  expect(updates.map((c) => c.args.ts)).toEqual([leadCard?.answer?.ts]);
  const redrawn = updates[0]?.args;
  expect(text(redrawn)).toContain('Approved: www.bbc.co.uk/bitesize');
  expect(text(redrawn)).toContain('Approved by Sam Reid at 11:20, until 12:10. Nobody else needs to answer this request.');
  expect(text(redrawn)).not.toContain('Approve it, or refuse it with a reason');
  expect(text(redrawn?.blocks)).not.toContain('action_id');
  // Only the teacher is sent a new message; the lead's card was updated, never posted again.
  expect(
    harness.api
      .callsTo('chat.postMessage')
      .slice(posts)
      .map((c) => c.args.channel),
  ).toEqual([SLACK_TEACHER.id]);

  // A forged press of Approve on the lead's old card: already answered, nothing changed.
  await pressButton(LEAD, 'unblock-approve', approve);
  await harness.api.waitFor('chat.postEphemeral', 2);
  expect(text(harness.api.callsTo('chat.postEphemeral')[1])).toContain('This request was already answered (unblocked), so nothing was changed.');
  expect((await entries())[0]).toMatchObject({ status: 'unblocked', decidedBy: { name: 'Sam Reid' } });
});

test('refused by the technician while Slack refuses the lead: the lead is sent nothing new and the update says sent', async () => {
  harness.api.refuse(LEAD.id, 'channel_not_found');
  await slashCommand(harness.slackUrl, SLACK_TEACHER, 'unblock youtube.com/watch until 14:00 because a volcano video');
  await harness.bot.jobs.flush();
  const [request] = posted(TECH.id, 'Unblock request: youtube.com/watch');
  await pressButton(TECH, 'unblock-refuse', buttonValue(request?.args.blocks, 'unblock-refuse'));
  await harness.api.waitFor('views.open');
  const form = harness.api.callsTo('views.open')[0]?.args.view;
  await interaction(harness.slackUrl, {
    type: 'view_submission',
    team: { id: 'T0DEMO' },
    user: { id: TECH.id, name: TECH.name, team_id: 'T0DEMO' },
    view: {
      id: 'V1',
      callback_id: form.callback_id,
      private_metadata: form.private_metadata,
      state: { values: { reason: { value: { type: 'plain_text_input', value: 'Use the copy on the school drive' } } } },
    },
  });
  expect((await entries())[0]?.status).toBe('refused');
  await harness.bot.jobs.flush();
  const outbox = await harness.bot.deps.store.query<OutboxMessage>('outbox', { schoolId: 'oakfield-primary', where: [{ field: 'message', op: '=', value: 'unblock-request-update' }] });
  expect(outbox.map((m) => [m.id.endsWith(':refused'), m.to.kind === 'holder' && m.to.holder.name, m.status])).toEqual([[true, 'Alex Wilber', 'sent']]);
  expect(harness.api.calls.filter((c) => c.method.startsWith('chat.') && [LEAD.id, 'D0DEMO001'].includes(String(c.args.channel)) && text(c.args).includes('youtube.com/watch'))).toHaveLength(1);
  expect(posted(SLACK_TEACHER.id, 'Sam Reid refused your request: Use the copy on the school drive')).toHaveLength(1);
});
