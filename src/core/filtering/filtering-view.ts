/**
 * What each filtering message and reply says (words and facts, no layout): the approver's request card,
 * the teacher's outcome, the technician's "unblock now" and "block it again", the lead's note of a
 * request refused at once, and the replies to the person acting. The buttons carry only the entry's id.
 */
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import type { OutboxMessage } from '../delivery/outbox';
import { type Actor, roleTitle, rolesOf } from '../people/actor';
import { findSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import type { FilteringEntry } from './filtering-entry';
import { filteringPolicy } from './filtering-rules';

/** The filtering buttons: the same string is the Teams `verb` and the Slack `action_id`. */
export const FILTERING_ACTIONS = { approve: 'unblock-approve', refuse: 'unblock-refuse', reblocked: 'unblock-reblocked' } as const;
/** One filtering button's action id. */
export type FilteringVerb = (typeof FILTERING_ACTIONS)[keyof typeof FILTERING_ACTIONS];

/** The input id of the refusal reason on the request card (Teams input id, Slack block id). */
export const REFUSAL_REASON_INPUT = 'refusalReason';

/** A filtering message or reply as words: title, lines, facts, and its buttons with the entry they act on. */
export interface FilteringView {
  title: string;
  lines: string[];
  facts: Array<{ title: string; value: string }>;
  actions: Array<{ verb: FilteringVerb; title: string }>;
  /** True when the card asks for a refusal reason beside its buttons. */
  askReason: boolean;
  target?: { schoolId: string; entryId: string };
}

/** An instant as the school's clock shows it: `15:10` today, `Tue 1 Dec 15:10` on another day. */
export function whenWords(iso: string, timeZone: string, now: Date): string {
  const at = localTime(new Date(iso), timeZone);
  if (at.date === localTime(now, timeZone).date) return at.time;
  const day = new Date(`${at.date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  return `${day} ${at.time}`;
}

function facts(entry: FilteringEntry, school: School, now: Date): FilteringView['facts'] {
  return [
    { title: 'Site', value: entry.what },
    { title: 'Why', value: entry.why || '(no reason given)' },
    { title: 'Asked by', value: `${entry.askedBy.name}, ${whenWords(entry.askedAt, school.timeZone, now)}` },
    // The words say the end too ("for 5 minutes (until 16:38)"): beside the time, only how it was asked.
    ...(entry.until ? [{ title: 'Until', value: `${whenWords(entry.until, school.timeZone, now)}${entry.untilWords ? ` (${askedFor(entry.untilWords)})` : ''}` }] : []),
    { title: 'Log entry', value: entry.ref },
  ];
}

/** "for 5 minutes (until 16:38)" → "for 5 minutes"; "for the lesson (period 3, until 12:10)" → "for the lesson, period 3" (it goes in brackets itself). */
export function askedFor(words: string): string {
  return words.replace(/ \(until [^)]*\)$/, '').replace(/ \(([^)]*), until [^)]*\)$/, ', $1');
}

const view = (title: string, lines: string[], f: FilteringView['facts'], rest: Partial<FilteringView> = {}): FilteringView => ({ title, lines, facts: f, actions: [], askReason: false, ...rest });

/** The approver's card for a waiting request (or, once answered, what became of it). */
export function describeUnblockRequest(entry: FilteringEntry, school: School, now: Date): FilteringView {
  const f = facts(entry, school, now);
  const target = { schoolId: entry.schoolId, entryId: entry.id };
  if (entry.status !== 'requested') return describeDecided(entry, school, now);
  return view(`Unblock request: ${entry.what}`, [`${entry.askedBy.name} asks for this site to be unblocked ${entry.untilWords ?? ''}. Approve it, or refuse it with a reason.`], f, {
    actions: [
      { verb: FILTERING_ACTIONS.approve, title: 'Approve' },
      { verb: FILTERING_ACTIONS.refuse, title: 'Refuse' },
    ],
    askReason: true,
    target,
  });
}

/** What became of a request, for whoever answered it or looks at it again. */
export function describeDecided(entry: FilteringEntry, school: School, now: Date): FilteringView {
  const f = facts(entry, school, now);
  const by = entry.decidedBy ? ` by ${entry.decidedBy.name}` : '';
  switch (entry.status) {
    case 'unblocked':
      return view(
        `Approved: unblock ${entry.what} now`,
        [
          `Approved${by}. Unblock it now, until ${whenWords(entry.until ?? '', school.timeZone, now)}.`,
          `When it ends, the ${roleTitle(school, 'it-technician')} will be reminded to block it again straight away, at any hour, then each hour of the school day until someone presses Blocked again.`,
        ],
        f,
        {
          actions: [{ verb: FILTERING_ACTIONS.reblocked, title: 'Blocked again' }],
          target: { schoolId: entry.schoolId, entryId: entry.id },
        },
      );
    case 'refused':
      return view(`Refused: ${entry.what}`, [`Refused${by}: ${entry.refusal ?? ''}. It stays blocked.`], f);
    case 're-blocked':
      return view(`Blocked again: ${entry.what}`, [`Blocked again by ${entry.reBlockedBy?.name ?? 'the technician'} at ${whenWords(entry.reBlockedAt ?? '', school.timeZone, now)}.`], f);
    default:
      return view(`Unblock request: ${entry.what}`, ['Waiting for an approver.'], f);
  }
}

/**
 * An approver's request card drawn again once someone answered it (or it was blocked again): who
 * decided what, and when; no buttons, since there is nothing left for this approver to answer.
 */
export function describeRequestAnswered(entry: FilteringEntry, school: School, now: Date): FilteringView {
  const f = facts(entry, school, now);
  const by = entry.decidedBy?.name ?? 'an approver';
  const at = entry.decidedAt ? ` at ${whenWords(entry.decidedAt, school.timeZone, now)}` : '';
  switch (entry.status) {
    case 'unblocked':
      return view(`Approved: ${entry.what}`, [`Approved by ${by}${at}, until ${whenWords(entry.until ?? '', school.timeZone, now)}. Nobody else needs to answer this request.`], f);
    case 'refused':
      return view(`Refused: ${entry.what}`, [`Refused by ${by}${at}: ${entry.refusal ?? ''}. It stays blocked. Nobody else needs to answer this request.`], f);
    case 're-blocked':
      return view(
        `Blocked again: ${entry.what}`,
        [`Approved by ${by}${at}; blocked again by ${entry.reBlockedBy?.name ?? 'the technician'} at ${whenWords(entry.reBlockedAt ?? '', school.timeZone, now)}.`],
        f,
      );
    default:
      return view(`Unblock request: ${entry.what}`, ['Waiting for an approver.'], f);
  }
}

/**
 * The card the person who pressed sees once their answer is saved (or refused as already answered): the
 * technician's says to unblock it now and offers Blocked again; any other approver's says who decided
 * what, with nothing left for them to do (they are not the one who changes the filter).
 */
export function describeAnswerFor(entry: FilteringEntry, school: School, now: Date, actor: Actor): FilteringView {
  return rolesOf(actor, school).includes('it-technician') ? describeDecided(entry, school, now) : describeRequestAnswered(entry, school, now);
}

/** The teacher's reply to their request: waiting (and for whom), or refused at once for its category. */
export function describeRequestReply(outcome: { kind: 'requested' | 'forbidden'; entry: FilteringEntry; approvers?: string[]; lead?: string }, school: School, now: Date): FilteringView {
  const { entry } = outcome;
  if (outcome.kind === 'forbidden')
    return view(
      `Not unblocked: ${entry.what}`,
      [
        `Sites in this category are never unblocked at ${school.name}: ${entry.refusal?.replace(/^never unblocked: /, '')}.`,
        `The ${outcome.lead} will be told of the request, as the school's policy asks.`,
      ],
      [
        { title: 'Site', value: entry.what },
        { title: 'Log entry', value: entry.ref },
      ],
    );
  return view(
    `Unblock asked: ${entry.what}`,
    [`Your request is logged and waiting for the ${(outcome.approvers ?? []).join(' or ')}. I will tell you here when they answer.`, 'It stays blocked until it is approved.'],
    facts(entry, school, now),
  );
}

/** The teacher's news of their request: approved (with its end), refused (with the reason) or blocked again. */
export function describeUnblockOutcome(entry: FilteringEntry, outcome: 'unblocked' | 'refused' | 're-blocked', school: School, now: Date): FilteringView {
  const f = facts(entry, school, now);
  if (outcome === 'unblocked')
    return view(
      `Approved: ${entry.what}`,
      [`${entry.decidedBy?.name ?? 'An approver'} approved your request. It is unblocked until ${whenWords(entry.until ?? '', school.timeZone, now)}, then it is blocked again.`],
      f,
    );
  if (outcome === 'refused') return view(`Refused: ${entry.what}`, [`${entry.decidedBy?.name ?? 'An approver'} refused your request: ${entry.refusal ?? ''}`], f);
  return view(`Blocked again: ${entry.what}`, [`The site you asked for is blocked again (${whenWords(entry.reBlockedAt ?? '', school.timeZone, now)}).`], f);
}

/** What a queued filtering message says now, or undefined when there is nothing left to say (answered, blocked again, or gone). */
export async function describeQueuedFilteringMessage(deps: CoreDeps, message: Pick<OutboxMessage, 'schoolId' | 'message' | 'filtering'>): Promise<FilteringView | undefined> {
  const school = findSchool(deps.pack, message.schoolId);
  if (!school || !message.filtering) return undefined;
  const entry = await deps.store.get<FilteringEntry>('filtering', message.schoolId, message.filtering.entryId);
  if (!entry) return undefined;
  const now = deps.clock.now();
  switch (message.message) {
    case 'unblock-request':
      return entry.status === 'requested' ? describeUnblockRequest(entry, school, now) : undefined;
    case 'unblock-request-update':
      return entry.status === 'requested' ? undefined : describeRequestAnswered(entry, school, now);
    case 'unblock-outcome':
      return message.filtering.outcome ? describeUnblockOutcome(entry, message.filtering.outcome, school, now) : undefined;
    case 'unblock-now':
      return entry.status === 'unblocked' ? describeDecided(entry, school, now) : undefined;
    case 'reblock-reminder':
      return entry.status === 'unblocked'
        ? view(
            `Block it again: ${entry.what}`,
            [
              `This unblock ended at ${whenWords(entry.until ?? '', school.timeZone, now)}. Please block the site again, then press Blocked again.`,
              'Until then you will be reminded each hour of the school day.',
            ],
            facts(entry, school, now),
            {
              actions: [{ verb: FILTERING_ACTIONS.reblocked, title: 'Blocked again' }],
              target: { schoolId: entry.schoolId, entryId: entry.id },
            },
          )
        : undefined;
    case 'filtering-forbidden':
      return view(
        `Refused at once: a request to unblock ${entry.what}`,
        [
          `${entry.askedBy.name} asked for a site the school never unblocks (${entry.refusal?.replace(/^never unblocked: /, '')}). It was refused and stays blocked.`,
          'You may want to talk to them about it.',
        ],
        facts(entry, school, now),
      );
    default:
      return undefined;
  }
}

/** True for the message kinds this file describes. */
export function isFilteringMessage(kind: OutboxMessage['message']): boolean {
  return ['unblock-request', 'unblock-request-update', 'unblock-outcome', 'unblock-now', 'reblock-reminder', 'filtering-forbidden'].includes(kind);
}

/** The approver roles' titles for a school, for the help and replies. */
export function approverTitles(school: School): string[] {
  return filteringPolicy(school).approvers.map((r) => roleTitle(school, r));
}
