/**
 * A CSV too long for one chat message (the filtering log, the governors' incident log) is cut between
 * rows, never inside one, and the message says how many rows it holds of how many: a governor copying
 * it into a file must not take part of the log for the whole. Teams through /api/messages; Slack through
 * signed requests.
 */
import { parse } from 'csv-parse/sync';
import { filteringEntryId, filteringRef } from '../../src/core/filtering/filtering-entry';
import { fitCsv } from '../../src/core/text/csv';
import { generateIncident, seeded } from '../builders/incident-fixtures';
import { FORM, postSigned, slashCommandBody } from '../builders/slack-request';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { conversation, messageActivity, post } from '../builders/teams-activity';
import { DSL, useTeamsBot } from '../builders/teams-harness';

const SCHOOL = 'oakfield-primary';
const env = useTeamsBot('2026-12-01T11:20:00Z');
const dslChat = conversation('personal', 'a:dsl-chat');

/** The CSV inside the first code block of a message, parsed. */
function csvRows(message: string): string[][] {
  const block = /```\n?([\s\S]*?)```/.exec(message)?.[1] ?? '';
  return parse(block, { relax_column_count: false, skip_empty_lines: true }) as string[][];
}

it('fitCsv keeps whole rows, a line break inside a quoted cell included', () => {
  const csv = 'a,b\n1,"two\nlines"\n2,x\n';
  expect(fitCsv(csv, 100)).toEqual({ text: csv, rows: 2, totalRows: 2 });
  expect(fitCsv(csv, 18)).toEqual({ text: 'a,b\n1,"two\nlines"\n', rows: 1, totalRows: 2 });
});

it('Teams: a filtering log too long for one message says how many entries it holds, and holds only whole rows', async () => {
  const store = env.harness.bot.deps.store;
  for (let n = 0; n < 300; n++) {
    const id = filteringEntryId(['block', String(n)]);
    await store.create('filtering', {
      id,
      schoolId: SCHOOL,
      ref: filteringRef(id),
      kind: 'block',
      status: 'recorded',
      what: `site-${n}.example/some/longer/path`,
      why: `pupils found it in a lesson, entry number ${n}, with a reason long enough to matter`,
      askedBy: { platform: 'teams', userId: 'user-id-3', name: 'Sam Reid' },
      askedAt: new Date(Date.parse('2026-11-01T09:00:00Z') + n * 60_000).toISOString(),
    });
  }
  const answer = await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, dslChat, 'filtering log csv'));
  const message = String(answer.body?.activities?.find((a: { text?: string }) => a.text?.includes('The filtering log as CSV'))?.text ?? '');
  const rows = csvRows(message);
  expect(rows.length - 1).toBeGreaterThan(50);
  expect(rows.length - 1).toBeLessThan(300);
  expect(message).toContain(`Only the first ${rows.length - 1} of 300 entries fit in one chat message: this is not all of them.`);
  expect(message).not.toContain('…');
});

describe('Slack', () => {
  let harness: SlackHarness;
  beforeEach(async () => {
    harness = await startSlackBot({ clock: { now: () => new Date('2026-12-01T11:20:00Z') } });
  });
  afterEach(async () => harness.stop());

  it("the governors' report with more incidents than fit says how many rows the CSV holds and how to see the rest", async () => {
    const random = seeded(3);
    for (let n = 1; n <= 600; n++)
      await harness.bot.deps.store.create('incidents', generateIncident(harness.bot.deps.pack, SCHOOL, n, new Date(Date.parse('2026-09-02T09:00:00Z') + n * 3_600_000), random));
    const body = slashCommandBody({ id: 'U0DEMO001', name: 'alex.wilber' }, 'governors 2026-09-01 2026-12-31').replace('command=%2Freport', 'command=%2Fdigest');
    const answer = (await postSigned(harness.slackUrl, body, FORM)).json?.text as string;
    expect(answer.length).toBeLessThanOrEqual(40_000);
    const rows = csvRows(answer);
    expect(rows.length - 1).toBeLessThan(600);
    expect(answer).toContain(`Only the first ${rows.length - 1} of 600 incidents fit in one chat message: this is not all of them. Ask for a shorter range of dates to see the rest.`);
  });
});
