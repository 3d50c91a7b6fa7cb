/**
 * The yearly filtering and monitoring review in Teams, through /api/messages: the governor types
 * `filtering review`, gets the pack's checklist as a form and records it ("Review recorded" only once the
 * store has it); a teacher is refused and audited; a tampered or half-filled form changes nothing; the
 * reminder reaches the governor's chat; the governors' report shows the Filtering and monitoring section.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { FilteringReview } from '../../src/core/filtering/filtering-review';
import { queueReviewReminders } from '../../src/core/filtering/review-reminders-job';
import { ANSWERS } from '../builders/filtering-review-fixtures';
import { actionActivity, conversation, executeActions, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { HEAD, TEACHER, useTeamsBot } from '../builders/teams-harness';

const GOVERNOR: TeamsUser = { id: 'user-id-8', aadObjectId: 'aad-governor', name: 'Diego Siciliani' };
const governorChat = conversation('personal', 'a:governor-chat');
const teacherChat = conversation('personal', 'a:teacher-chat');
const headChat = conversation('personal', 'a:head-chat');

// Wednesday 16 December 2026, 10:00 in London: a month before Oakfield's first review is due (2027-01-15).
const env = useTeamsBot('2026-12-16T10:00:00Z');
const text = (x: unknown) => JSON.stringify(x);
const replyCard = (res: { body: any }) => res.body?.activities?.[0]?.attachments?.[0]?.content;
const invokeCard = (res: { body: any }) => res.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body?.value;
const reviews = () => env.harness.bot.deps.store.query<FilteringReview>('reviews', { schoolId: 'oakfield-primary' });
const answers = Object.fromEntries(Object.entries(ANSWERS).map(([k, v]) => [`answer-${k}`, v]));
const filled = { date: '2026-12-15', participants: 'Head, online safety governor, network manager', outcome: 'changes-needed', ...answers };

async function openForm(user: TeamsUser, chat: ReturnType<typeof conversation>) {
  return replyCard(await post(env.harness.bot.url, messageActivity(env.connector.url, user, chat, 'filtering review')));
}

test('the governor opens the checklist and records the review; told only once it is stored', async () => {
  const form = await openForm(GOVERNOR, governorChat);
  expect(text(form)).toContain('Filtering and monitoring review: Oakfield Primary School');
  expect(text(form)).toContain('What did monitoring alerts show over the year, and how quickly were they acted on?');
  expect(text(form)).toContain('This one is due by 2027-01-15.');
  const [save] = executeActions(form);
  expect(save?.verb).toBe('filtering-review-save');
  expect(save?.data).toEqual({ schoolId: 'oakfield-primary' });

  const done = invokeCard(await post(env.harness.bot.url, actionActivity(env.connector.url, GOVERNOR, governorChat, save!.verb, { ...save!.data, ...filled })));
  expect(text(done)).toContain('Review recorded');
  expect(text(done)).toContain('The filtering and monitoring review of 2026-12-15 is recorded for Oakfield Primary School.');
  expect(text(done)).toContain('The next review is due by 2027-12-15.');
  const stored = await reviews();
  expect(stored).toHaveLength(1);
  expect(stored[0]?.recordedBy).toMatchObject({ platform: 'teams', name: 'Diego Siciliani' });
  expect(stored[0]?.answers.find((a) => a.itemId === 'checks')?.answer).toBe(ANSWERS.checks);

  // The governors' report now shows its date and outcome, with the filtering and monitoring counts.
  const report = await post(env.harness.bot.url, messageActivity(env.connector.url, GOVERNOR, governorChat, 'digest governors 2026-09-01 2026-12-16'));
  const cards = report.body.activities.map((a: any) => a.attachments?.[0]?.content).filter(Boolean);
  const section = cards.find((c: any) => text(c).includes('Filtering and monitoring'));
  expect(text(section)).toContain('Filtering log entries: 0');
  expect(text(section)).toContain('Monitoring alerts: 0');
  expect(text(section)).toContain('Last filtering and monitoring review: 2026-12-15, changes are needed; the next is due by 2027-12-15.');
  expect(text(section)).toContain('AUP today, ');
  expect(text(section)).not.toContain('SWGfL');
});

test('a teacher is refused (audited) and a tampered or half-filled form changes nothing', async () => {
  expect(text(await openForm(TEACHER, teacherChat))).toContain('Only the people named for this');
  const refused = invokeCard(await post(env.harness.bot.url, actionActivity(env.connector.url, TEACHER, teacherChat, 'filtering-review-save', { schoolId: 'oakfield-primary', ...filled })));
  expect(text(refused)).toContain('Only the people named for this');
  const audit = await env.harness.bot.deps.store.query<AuditEvent>('audit', { schoolId: 'oakfield-primary', where: [{ field: 'outcome', op: '=', value: 'refused' }] });
  expect(audit.map((a) => a.action).sort()).toEqual(['review.open-form', 'review.record']);

  const tampered = await post(env.harness.bot.url, actionActivity(env.connector.url, HEAD, headChat, 'filtering-review-save', { schoolId: '<script>', ...filled }));
  expect(text(tampered.body)).toContain('were not recognised, so nothing was changed');
  const half = invokeCard(
    await post(env.harness.bot.url, actionActivity(env.connector.url, HEAD, headChat, 'filtering-review-save', { schoolId: 'oakfield-primary', ...filled, 'answer-changes': '', date: '2027-02-30' })),
  );
  expect(text(half)).toContain('The review was not recorded yet:');
  expect(text(half)).toContain('Answer \\"What needs to change, who will do it and by when?\\"');
  expect(text(half)).toContain('Give the date of the review as YYYY-MM-DD');
  expect(text(half)).toContain(ANSWERS.checks); // what was typed is kept
  expect(await reviews()).toHaveLength(0);
});

test("the reminder reaches the governor's chat once, saying when the review is due", async () => {
  await openForm(GOVERNOR, governorChat); // the governor has a chat with the bot
  expect((await queueReviewReminders(env.harness.bot.deps)).reminders).toBeGreaterThanOrEqual(2);
  await env.harness.bot.jobs.flush();
  const sent = env.connector.calls.filter((c) => c.conversationId === 'a:governor-chat' && text(c.body).includes('The filtering and monitoring review is due soon'));
  expect(sent).toHaveLength(1);
  expect(text(sent[0]?.body)).toContain("Oakfield Primary School's yearly review of filtering and monitoring is due on 2027-01-15 (in 30 days).");
  expect(text(sent[0]?.body)).toContain('No review is recorded yet.');
  // Its button opens the form for whoever presses it: the governor gets the checklist, a teacher is refused.
  const [open] = executeActions(sent[0]?.body.attachments[0].content);
  expect(open).toEqual({ verb: 'filtering-review-open', data: { schoolId: 'oakfield-primary' }, title: 'Open the review form' });
  const form = invokeCard(await post(env.harness.bot.url, actionActivity(env.connector.url, GOVERNOR, governorChat, open!.verb, open!.data)));
  expect(text(form)).toContain('What needs to change, who will do it and by when?');
  const refused = invokeCard(await post(env.harness.bot.url, actionActivity(env.connector.url, TEACHER, teacherChat, open!.verb, open!.data)));
  expect(text(refused)).toContain('Only the people named for this');
});
