/**
 * The Slack wizard when things go wrong: forged and stale signatures, an oversized body, tampered
 * `private_metadata`, another person's wizard, field errors, Back, Cancel, a double submit, and a
 * restart mid-report.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { Incident } from '../../src/core/incidents/incident';
import type { WizardState } from '../../src/core/wizard/wizard-state';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { FORM, interaction, postSigned, slashCommandBody } from '../builders/slack-request';
import { SlackUser, buttonsIn, viewText, SLACK_TEACHER } from '../builders/slack-user';

let harness: SlackHarness;
let teacher: SlackUser;
beforeEach(async () => {
  harness = await startSlackBot();
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
});
afterEach(async () => harness.stop());

const store = () => harness.bot.deps.store;
const wizards = () => store().query<WizardState>('wizards', {});
const settle = () => new Promise((r) => setTimeout(r, 150));

async function toDetails(procedureId = 'filtering-breach') {
  await teacher.slash('');
  const choose = (value: string) => buttonsIn(teacher.view?.blocks).find((b) => b.action_id === 'report-next' && b.value === value);
  await teacher.pressInModal(choose(procedureId) as any);
  for (let i = 0; i < 10 && !(teacher.view?.blocks ?? []).some((b: any) => b.type === 'input'); i++) {
    const options = buttonsIn(teacher.view?.blocks).filter((b) => b.action_id === 'report-next');
    if (options.length) await teacher.pressInModal((options.find((o) => o.value === 'no') ?? options[options.length - 1]) as any);
    else await teacher.submit();
  }
}

test('a forged signature gets 401 and nothing happens', async () => {
  const body = slashCommandBody(teacher.ref, '');
  const reply = await postSigned(harness.slackUrl, body, FORM, { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' });
  expect(reply.status).toBe(401);
  const wrongSecret = await postSigned(harness.slackUrl, body, FORM, { secret: 'not-the-secret-at-all' });
  expect(wrongSecret.status).toBe(401);
  await settle();
  expect(harness.api.callsTo('views.open')).toHaveLength(0);
  expect(await wizards()).toHaveLength(0);
});

test('a signature older than five minutes gets 401 and nothing happens', async () => {
  const reply = await postSigned(harness.slackUrl, slashCommandBody(teacher.ref, ''), FORM, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
  expect(reply.status).toBe(401);
  await settle();
  expect(harness.api.callsTo('views.open')).toHaveLength(0);
  expect(await wizards()).toHaveLength(0);
});

test('an oversized body is refused before it is read, and nothing happens', async () => {
  const huge = slashCommandBody(teacher.ref, 'x'.repeat(600 * 1024));
  const reply = await postSigned(harness.slackUrl, huge, FORM);
  expect(reply.status).toBeGreaterThanOrEqual(400);
  await settle();
  expect(harness.api.callsTo('views.open')).toHaveLength(0);
  expect(await wizards()).toHaveLength(0);
});

test('tampered private_metadata is refused in plain words and changes nothing', async () => {
  await toDetails();
  const before = await wizards();
  for (const metadata of ['', 'not-a-token', `${before[0]?.id}.1; DROP`, '../../etc/passwd.1', 'x'.repeat(5000)]) {
    const reply = await interaction(harness.slackUrl, {
      type: 'view_submission',
      team: { id: 'T0DEMO' },
      user: { id: 'U0TEACH01', name: 'sam.teacher' },
      view: { ...teacher.view, private_metadata: metadata, state: { values: {} } },
    });
    expect(reply.status).toBe(200);
    expect(reply.json?.response_action).toBe('update');
    expect(viewText(reply.json?.view)).toContain('cannot be continued');
  }
  expect(await wizards()).toEqual(before);
});

test("someone else's wizard id is refused and the attempt audited", async () => {
  await toDetails();
  const other = await interaction(harness.slackUrl, {
    type: 'view_submission',
    team: { id: 'T0DEMO' },
    user: { id: 'U0OTHER01', name: 'someone.else' },
    view: { ...teacher.view, state: { values: { description: { value: { type: 'plain_text_input', value: 'hijack' } } } } },
  });
  expect(viewText(other.json?.view)).toContain('only the person who started it can');
  const refused = await store().query<AuditEvent>('audit', { where: [{ field: 'action', op: '=', value: 'wizard.step' }] });
  expect(refused.map((a) => [a.outcome, a.actor.userId])).toEqual([['refused', 'U0OTHER01']]);
  expect(JSON.stringify(await wizards())).not.toContain('hijack');
});

test('field errors come back beside the field; Back keeps what was typed; closing the modal cancels', async () => {
  await toDetails();
  teacher.fill({ description: '' });
  const refused = await teacher.submit();
  expect(refused.json?.response_action).toBe('errors');
  expect(Object.keys(refused.json?.errors ?? {})).toContain('description');
  teacher.fill({ description: 'A pupil reached a gambling site.', where: 'ICT suite', whenDate: '2026-11-20' });
  await teacher.pressInModal(buttonsIn(teacher.view?.blocks).find((b) => b.action_id === 'report-back') as any);
  expect(viewText(teacher.view)).not.toContain('The details');
  const next = await teacher.submit();
  expect(next.status).toBe(200);
  const details = teacher.view?.blocks.find((b: any) => b.block_id === 'description');
  expect(details?.element.initial_value).toBe('A pupil reached a gambling site.');
  const tooLong = 'y'.repeat(5000);
  teacher.fill({ description: tooLong });
  const long = await teacher.submit();
  expect(long.json?.errors?.description).toContain('too long');
  await teacher.close();
  await settle();
  expect((await wizards())[0]?.status).toBe('cancelled');
  expect(await store().query<Incident>('incidents', {})).toHaveLength(0);
});

test('a restart of the bot mid-report: the open modal carries on where it was', async () => {
  await toDetails();
  const open = teacher.view;
  await harness.stop(true);
  harness = await startSlackBot({ dataDir: harness.dataDir });
  const again = new SlackUser(teacher.ref, harness.slackUrl, harness.api);
  again.view = open;
  again.fill({ description: 'A pupil reached a gambling site.', where: 'ICT suite', whenDate: '2026-11-20' });
  const reply = await again.submit();
  expect(reply.json?.response_action).toBe('update');
  expect(viewText(again.view)).toMatch(/Your next steps|Check and send/);
  expect((await wizards())[0]?.fields.description).toBe('A pupil reached a gambling site.');
});

test('a double submit makes one incident', async () => {
  await toDetails();
  teacher.fill({ description: 'A pupil reached a gambling site.', where: 'ICT suite', whenDate: '2026-11-20' });
  await teacher.submit();
  while (teacher.view?.callback_id === 'report-next') await teacher.submit();
  expect(teacher.view?.callback_id).toBe('report-submit');
  const review = teacher.view;
  const [first, second] = await Promise.all([
    teacher.submit(),
    interaction(harness.slackUrl, { type: 'view_submission', team: { id: 'T0DEMO' }, user: { id: 'U0TEACH01', name: 'sam.teacher' }, view: { ...review, state: { values: {} } } }),
  ]);
  expect(first.status).toBe(200);
  expect(second.status).toBe(200);
  const incidents = await store().query<Incident>('incidents', {});
  expect(incidents).toHaveLength(1);
  expect(viewText(first.json?.view)).toContain(incidents[0]?.reference);
  expect(viewText(second.json?.view)).toContain(incidents[0]?.reference);
});

test('/report followed by another command of its own (digest, aup) says how to type it, and opens no report form', async () => {
  const answer = await teacher.slash('digest governors 2026-09-01 2026-12-31');
  expect(answer.json).toEqual({ response_type: 'ephemeral', text: 'In Slack that has its own command. Type: /digest governors 2026-09-01 2026-12-31' });
  expect((await teacher.slash('aup status')).json?.text).toBe('In Slack that has its own command. Type: /aup status');
  expect(harness.api.callsTo('views.open')).toHaveLength(0);
  // A report that only starts with a similar word is still a report.
  await teacher.slash('digested something worrying');
  await harness.api.waitFor('views.open', 1);
});
