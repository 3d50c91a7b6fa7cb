/**
 * The yearly filtering and monitoring review in Slack, through requests signed as Slack signs them:
 * `/report filtering review` opens the checklist as a modal (within Block Kit's limits), a missing answer
 * goes back beside its field and saves nothing, the submit records it ("Review recorded" only once
 * stored), a teacher is refused and audited, and `/digest governors …` shows the Filtering and monitoring
 * section.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { FilteringReview } from '../../src/core/filtering/filtering-review';
import { blockKitProblems } from '../builders/block-kit-limits';
import { ANSWERS } from '../builders/filtering-review-fixtures';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { queueReviewReminders } from '../../src/core/filtering/review-reminders-job';
import { FORM, postSigned } from '../builders/slack-request';
import { SLACK_TEACHER, SlackUser, viewText } from '../builders/slack-user';

let now = new Date('2026-12-02T10:00:00Z');
const clock = { now: () => now };
const HEAD = { id: 'U0DEMO004', name: 'adele.vance' };
let harness: SlackHarness;
beforeEach(async () => {
  now = new Date('2026-12-02T10:00:00Z');
  harness = await startSlackBot({ clock });
});
afterEach(async () => harness.stop());

const reviews = () => harness.bot.deps.store.query<FilteringReview>('reviews', { schoolId: 'oakfield-primary' });

async function openModal(user: SlackUser) {
  const before = harness.api.callsTo('views.open').length;
  const reply = await user.slash('filtering review');
  expect(reply.status).toBe(200);
  return user.openedForm(before);
}

test('the head records the review in the modal; a missing answer goes back beside its field and nothing is saved', async () => {
  const head = new SlackUser(HEAD, harness.slackUrl, harness.api);
  const modal = await openModal(head);
  expect(viewText(modal)).toContain('Filtering and monitoring review: Oakfield Primary School');
  expect(viewText(modal)).toContain('What does the filter block and allow, and why');
  expect(blockKitProblems(modal as any, 'modal')).toEqual([]);

  const answers = Object.fromEntries(Object.entries(ANSWERS).map(([k, v]) => [`answer-${k}`, v]));
  head.fill({ date: '2026-11-30', participants: 'Head, governor, network manager', outcome: 'meets-standards', ...answers, 'answer-changes': '' });
  const refused = await head.submit();
  expect(refused.json?.response_action).toBe('errors');
  expect(Object.keys(refused.json?.errors ?? {})).toEqual(['answer-changes']);
  expect(await reviews()).toHaveLength(0);

  head.fill({ date: '2026-11-30', participants: 'Head, governor, network manager', outcome: 'meets-standards', ...answers });
  const saved = await head.submit();
  expect(saved.json?.response_action).toBe('update');
  expect(viewText(saved.json?.view)).toContain('Review recorded');
  expect(viewText(saved.json?.view)).toContain('The filtering and monitoring review of 2026-11-30 is recorded for Oakfield Primary School.');
  const [stored] = await reviews();
  expect(stored?.recordedBy).toMatchObject({ platform: 'slack', userId: HEAD.id });

  const report = await postSigned(
    harness.slackUrl,
    new URLSearchParams({
      command: '/digest',
      text: 'governors 2026-09-01 2026-12-01',
      user_id: HEAD.id,
      user_name: HEAD.name,
      channel_id: 'D1',
      channel_name: 'directmessage',
      team_id: 'T0DEMO',
      trigger_id: 't',
      response_url: 'https://hooks.slack.invalid/x',
    }).toString(),
    FORM,
  );
  expect(report.json.text).toContain('*Filtering and monitoring*');
  expect(report.json.text).toContain('• Filtering log entries: 0');
  expect(report.json.text).toContain('• Last filtering and monitoring review: 2026-11-30, filtering and monitoring meet the standards; the next is due by 2027-11-30.');
  expect(report.json.text).not.toContain('network manager');
});

test('a teacher is refused (audited) and sees no form', async () => {
  const teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
  const modal = await openModal(teacher);
  expect(viewText(modal)).toContain('Only the people named for this');
  expect(viewText(modal)).not.toContain('What does the filter block');
  const audit = await harness.bot.deps.store.query<AuditEvent>('audit', { schoolId: 'oakfield-primary', where: [{ field: 'action', op: '=', value: 'review.open-form' }] });
  expect(audit.map((a) => a.outcome)).toEqual(['refused']);
});

test("Riverside's governor, on Slack only, is reminded by direct message from a month before; the button opens the modal", async () => {
  // Riverside's first review is due on 2027-03-01; reminders open on Sat 30 Jan 2027, so the first goes on Monday.
  now = new Date('2027-01-30T10:00:00Z');
  await queueReviewReminders(harness.bot.deps);
  now = new Date('2027-02-01T10:00:00Z');
  await queueReviewReminders(harness.bot.deps);
  await harness.bot.jobs.flush();
  const posts = harness.api.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('The filtering and monitoring review is due soon'));
  expect(posts.length).toBeGreaterThanOrEqual(1);
  const governorPost = posts.find((c) => JSON.stringify(c.args).includes('Riverside Academy'));
  expect(governorPost?.args.text).toContain("Riverside Academy's yearly review of filtering and monitoring is due on 2027-03-01 (in 28 days).");
  expect(blockKitProblems(governorPost?.args as any, 'message')).toEqual([]);
  const governor = new SlackUser({ id: 'U0DEMO109', name: 'helen.okafor' }, harness.slackUrl, harness.api);
  const before = harness.api.callsTo('views.open').length;
  await governor.pressOnMessage(String(governorPost?.args.channel), String(governorPost?.answer?.ts), governorPost?.args.blocks as any[], 'filtering-review-open');
  const modal = await governor.openedForm(before);
  expect(viewText(modal)).toContain('Filtering and monitoring review: Riverside Academy');
});
