/**
 * A filtering-breach report in Teams through real Activity JSON posted to /api/messages makes its own
 * entry in the filtering log: exactly one, even when "Send report" is pressed twice; `filtering log` and
 * its CSV show it as a breach naming the incident's reference, with the site and never the description;
 * the technician's block that closes the gap links to the same incident and the breach line says so.
 */
import { parse } from 'csv-parse/sync';
import type { FilteringEntry } from '../../src/core/filtering/filtering-entry';
import type { Incident } from '../../src/core/incidents/incident';
import { actionActivity, conversation, executeActions, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { TEACHER, useTeamsBot } from '../builders/teams-harness';

const env = useTeamsBot('2026-12-01T11:20:00Z');
const TECH: TeamsUser = { id: 'user-id-3', aadObjectId: 'aad-tech', name: 'Sam Reid' };
const teacherChat = conversation('personal', 'a:teacher-chat');
const techChat = conversation('personal', 'a:tech-chat');
const text = (x: unknown) => JSON.stringify(x);
const say = (who: TeamsUser, chat: ReturnType<typeof conversation>, words: string) => post(env.harness.bot.url, messageActivity(env.connector.url, who, chat, words));
const entries = () => env.harness.bot.deps.store.query<FilteringEntry>('filtering', { schoolId: 'oakfield-primary' });

async function press(who: TeamsUser, chat: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>) {
  const res = await post(env.harness.bot.url, actionActivity(env.connector.url, who, chat, verb, data));
  expect(res.status).toBe(200);
  const invoke = res.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body;
  expect(invoke).toBeDefined();
  return invoke.value;
}

/** Reports that an unsuitable site got through the filter, answering each card as a teacher would; returns the submit button's data. */
async function reportBreach(): Promise<Record<string, unknown>> {
  const started = await say(TEACHER, teacherChat, 'report');
  let card = started.body.activities[0]?.attachments?.[0]?.content;
  const ids = () => executeActions(card).find((a) => a.verb === 'report-next')?.data ?? {};
  const answers: Array<Record<string, string>> = [
    { choice: 'filtering-breach' },
    { choice: 'got-through' },
    { choice: 'nothing' },
    {}, // guidance
    {
      whenDate: '2026-12-01',
      whenTime: '10:40',
      where: 'ICT suite',
      url: 'https://proxy-site.example/unblock',
      device: 'Laptop 12, pupil login',
      pupils: 'J.S.',
      description: 'J.S. showed me a game site the filter let through during the lesson.',
    },
    {}, // checklist
  ];
  for (const values of answers) {
    if (text(card).includes('Check and send')) break;
    card = await press(TEACHER, teacherChat, 'report-next', { ...ids(), ...values });
  }
  expect(text(card)).toContain('Check and send');
  const submit = executeActions(card).find((a) => a.verb === 'report-submit');
  expect(submit).toBeDefined();
  return submit?.data ?? {};
}

test('a filtering-breach report logs one breach entry, even when sent twice; the log and CSV show it; a closing block links to it', async () => {
  const submit = await reportBreach();
  const receipt = await press(TEACHER, teacherChat, 'report-submit', submit);
  expect(text(receipt)).toContain('ES-2026-0001');
  // A second press (a retry) makes no second entry.
  const again = await press(TEACHER, teacherChat, 'report-submit', submit);
  expect(text(again)).toContain('ES-2026-0001');

  const logged = await entries();
  expect(logged).toHaveLength(1);
  const [entry] = logged;
  expect(entry).toMatchObject({
    kind: 'breach',
    status: 'recorded',
    what: 'https://proxy-site.example/unblock',
    why: 'Filtering breach reported as ES-2026-0001',
    askedBy: { platform: 'teams', name: 'Sam Teacher' },
    askedAt: '2026-12-01T11:20:00.000Z',
  });
  const [incident] = await env.harness.bot.deps.store.query<Incident>('incidents', { schoolId: 'oakfield-primary' });
  expect(entry?.incidentId).toBe(incident?.id);
  // The technician and the governor read the log: nothing of what the teacher wrote about the child.
  expect(text(logged)).not.toContain('J.S.');
  expect(text(logged)).not.toContain('game site');

  const log = await say(TECH, techChat, 'filtering log');
  expect(text(log.body)).toContain(
    `${entry?.ref} 2026-12-01 11:20 breach https://proxy-site.example/unblock (recorded): Filtering breach reported as ES-2026-0001. Reported by Sam Teacher; incident ES-2026-0001, not closed yet.`,
  );
  const csv = await say(TECH, techChat, 'filtering log csv');
  const body = String(csv.body.activities.find((a: any) => a.text?.includes('```'))?.text ?? '');
  const rows = parse(body.split('```')[1]?.trim() ?? '', { columns: true }) as Array<Record<string, string>>;
  expect(rows).toEqual([expect.objectContaining({ kind: 'breach', status: 'recorded', what: 'https://proxy-site.example/unblock', asked_by: 'Sam Teacher', incident: 'ES-2026-0001' })]);

  // The technician closes the gap and names the incident: both entries link to it.
  env.now = new Date('2026-12-01T11:45:00Z');
  const block = await say(TECH, techChat, 'filtering block proxy-site.example because it got through closes ES-2026-0001');
  expect(text(block.body)).toContain('Logged: blocked proxy-site.example');
  const closing = (await entries()).find((e) => e.kind === 'block');
  expect(closing?.incidentId).toBe(incident?.id);
  const after = await say(TECH, techChat, 'filtering log');
  expect(text(after.body)).toContain(`incident ES-2026-0001, closed by ${closing?.ref}.`);
  expect(text(after.body)).toContain('closes ES-2026-0001.');
});
