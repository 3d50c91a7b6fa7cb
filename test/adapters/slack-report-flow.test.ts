/**
 * The Slack report path end to end: signed slash commands and interactions posted to the real Bolt
 * receiver, a fake Slack Web API recording views.open / views.update / chat.postMessage.
 */
import type { Incident } from '../../src/core/incidents/incident';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { SlackUser, viewText, SLACK_TEACHER } from '../builders/slack-user';
import { walkSlackReport } from '../builders/walk-slack-wizard';
import { blockKitProblems } from '../builders/block-kit-limits';
import { shippedPack } from '../builders/temp-store';

let harness: SlackHarness;
let teacher: SlackUser;
beforeEach(async () => {
  harness = await startSlackBot();
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
});
afterEach(async () => harness.stop());

const incidents = () => harness.bot.deps.store.query<Incident>('incidents', {});

test('/report acks at once and opens the wizard modal with only an opaque id in private_metadata', async () => {
  const reply = await teacher.slash('');
  expect(reply.status).toBe(200);
  const open = harness.api.callsTo('views.open')[0];
  expect(open?.token).toBe('xoxb-test-token');
  expect(open?.args.trigger_id).toMatch(/^trigger-/);
  expect(viewText(teacher.view)).toContain('What happened?');
  expect(teacher.view?.private_metadata).toMatch(/^[A-Za-z0-9:_-]+\.\d+$/);
  expect(blockKitProblems(teacher.view, 'modal')).toEqual([]);
});

test.each(shippedPack.procedures.map((p) => p.id))('a whole %s report in the modal: receipt in the modal and by DM, every view within Block Kit limits', async (procedureId) => {
  const problems: string[] = [];
  const { receipt, seen } = await walkSlackReport(harness, teacher, procedureId, { onView: (v) => problems.push(...blockKitProblems(v, 'modal')) });
  expect(problems).toEqual([]);
  const [incident] = await incidents();
  // The review step said who it goes to: the plan's people, by name.
  const review = seen.find((v) => v?.callback_id === 'report-submit');
  expect(viewText(review)).toContain('*It goes to*');
  for (const person of incident?.routing.people ?? []) expect(viewText(review)).toContain(person.name);
  expect(incident?.procedureId).toBe(procedureId);
  expect(incident?.reporter).toMatchObject({ platform: 'slack', userId: 'U0TEACH01' });
  expect(viewText(receipt)).toContain(incident?.reference);
  await harness.bot.jobs.flush();
  const dm = harness.api.callsTo('chat.postMessage').find((c) => c.args.channel === 'U0TEACH01');
  expect(dm?.args.text).toContain(incident?.reference);
  expect(JSON.stringify(dm?.args.blocks)).toContain('What happens next');
  // Then the delivery report: who was reached, from what Slack answered.
  const report = harness.api.callsTo('chat.postMessage').find((c) => c.args.channel === 'U0TEACH01' && String(c.args.text).startsWith('Who has been told about'));
  expect(report?.args.text).toContain(incident?.reference);
  // Nothing the teacher typed is in any message the bot sent, and every message is one Slack accepts.
  for (const call of harness.api.callsTo('chat.postMessage')) {
    expect(JSON.stringify(call.args)).not.toContain('J.S.');
    expect(blockKitProblems(call.args, 'message')).toEqual([]);
  }
});
