/**
 * The filtering change log: every change to the web filter, newest first, for the online-safety lead,
 * the technician, the head and the online-safety governor (where the school names one); as CSV for a
 * spreadsheet. And the technician's own entries: a new block or a category change
 * (`filtering block <address> because <why>`, `filtering category <name> because <why>`); either may name
 * the filtering-breach incident it closes (`closes ES-2026-0042`), which links the incident to the entry.
 * A filtering-breach report makes its own `breach` entry when it is reported; its line names the incident
 * and the entries that closed it.
 * Every read and change is audited (codes and ids only); others are refused and audited.
 */
import { recordAudit } from '../audit/audit-log';
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { InvalidInputError, NotPermittedError } from '../errors';
import type { Incident } from '../incidents/incident';
import { type Actor, actorRef, roleTitle, rolesOf } from '../people/actor';
import { resolveSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import { csvLine } from '../text/csv';
import { ConflictError } from '../../ports/document-store';
import { type FilteringEntry, filteringEntryId, filteringRef } from './filtering-entry';
import { FILTERING_CHANGERS, FILTERING_LOG_READERS } from './filtering-rules';
import { MAX_REASON_LENGTH } from './unblock-text';
import { readWebAddress } from './web-address';

/** The most entries the log shows in chat (the CSV has them all). */
export const LOG_LINES_SHOWN = 25;

/** The log for chat (its newest lines) and as CSV (every entry). */
export interface FilteringLog {
  title: string;
  lines: string[];
  csv: string;
  count: number;
}

/** The CSV's header row. */
export const FILTERING_CSV_HEADER = ['reference', 'kind', 'status', 'what', 'why', 'asked_by', 'asked_at', 'approved_by', 'decided_at', 'until', 'blocked_again_at', 'refusal', 'incident'];

function readers(school: School): string[] {
  // Roles a school does not name are left out of the words (nobody holds them there anyway).
  return FILTERING_LOG_READERS.filter((r) => school.roles[r]);
}

/** Who may read the log at this school: the governor role only where the school names one. */
export function mayReadFilteringLog(actor: Actor, school: School): boolean {
  const allowed = readers(school);
  return rolesOf(actor, school).some((r) => allowed.includes(r));
}

/** The school's filtering log for one of its readers; audited, others refused and audited. */
export async function readFilteringLog(deps: CoreDeps, actor: Actor): Promise<FilteringLog> {
  const school = resolveSchool(deps.pack, actor);
  const allowed = mayReadFilteringLog(actor, school);
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'filtering.log-read', outcome: allowed ? 'ok' : 'refused' });
  if (!allowed)
    throw new NotPermittedError(
      `see the filtering log (${readers(school)
        .map((r) => `the ${roleTitle(school, r)}`)
        .join(', ')})`,
    );
  const entries = await deps.store.query<FilteringEntry>('filtering', { schoolId: school.id, orderBy: { field: 'askedAt', direction: 'desc' } });
  const incidents = new Map<string, string>();
  for (const id of new Set(entries.flatMap((e) => (e.incidentId ? [e.incidentId] : [])))) {
    const incident = await deps.store.get<Incident>('incidents', school.id, id);
    if (incident) incidents.set(id, incident.reference);
  }
  const at = (iso?: string) => (iso ? `${localTime(new Date(iso), school.timeZone).date} ${localTime(new Date(iso), school.timeZone).time}` : '');
  // A breach report's own entry names its incident; the entries that close it say "closes", and the report says by which.
  const closedBy = new Map<string, string[]>();
  for (const e of entries) if (e.incidentId && e.kind !== 'breach') closedBy.set(e.incidentId, [...(closedBy.get(e.incidentId) ?? []), e.ref]);
  const link = (e: FilteringEntry) => {
    if (!e.incidentId) return '';
    const reference = incidents.get(e.incidentId) ?? 'an incident';
    if (e.kind !== 'breach') return `; closes ${reference}`;
    const closing = closedBy.get(e.incidentId);
    return `; incident ${reference}${closing ? `, closed by ${closing.join(', ')}` : ', not closed yet'}`;
  };
  // A re-block was asked for by whoever asked for the unblock, and done (not approved) by whoever pressed Blocked again.
  const asked = (e: FilteringEntry) => (e.kind === 'breach' ? 'Reported' : e.kind === 're-block' ? 'Unblock asked for' : 'Asked');
  const decided = (e: FilteringEntry) => (e.status === 'refused' ? 'refused' : e.kind === 're-block' ? 'blocked again' : 'approved');
  const line = (e: FilteringEntry) =>
    `${e.ref} ${at(e.askedAt)} ${e.kind} ${e.what} (${e.status}): ${e.why}. ${asked(e)} by ${e.askedBy.name}${e.decidedBy ? `; ${decided(e)} by ${e.decidedBy.name}` : ''}${e.until ? `; until ${at(e.until)}` : ''}${e.reBlockedAt ? `; blocked again ${at(e.reBlockedAt)}` : ''}${link(e)}.`;
  const rows = entries.map((e) =>
    csvLine([
      e.ref,
      e.kind,
      e.status,
      e.what,
      e.why,
      e.askedBy.name,
      at(e.askedAt),
      e.decidedBy?.name ?? '',
      at(e.decidedAt),
      at(e.until),
      at(e.reBlockedAt),
      e.refusal ?? '',
      e.incidentId ? (incidents.get(e.incidentId) ?? '') : '',
    ]),
  );
  return {
    title: `Filtering log: ${school.name}`,
    lines: entries.length ? entries.slice(0, LOG_LINES_SHOWN).map(line) : ['No changes to the filter have been logged yet.'],
    csv: `${[csvLine(FILTERING_CSV_HEADER), ...rows].join('\n')}\n`,
    count: entries.length,
  };
}

/** How to record a change, for the reply when the words cannot be read. */
export const FILTERING_CHANGE_USAGE = [
  'Type: filtering block <web address> because <why>, or filtering category <category> because <why>.',
  'Add closes ES-2026-0042 to link the filtering-breach incident the change closes.',
];

/** Records a new block or a category change by the technician (`kind`, the words after it); audited, others refused. */
export async function recordFilteringChange(deps: CoreDeps, actor: Actor, kind: 'block' | 'category-change', typed: string): Promise<FilteringEntry> {
  const school = resolveSchool(deps.pack, actor);
  const action = `filtering.${kind}`;
  if (!rolesOf(actor, school).some((r) => FILTERING_CHANGERS.includes(r))) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action, outcome: 'refused', detail: 'not-technician' });
    throw new NotPermittedError(`record a change to the filter (the ${roleTitle(school, 'it-technician')})`);
  }
  const text = typed.slice(0, 3000).replace(/\s+/g, ' ').trim();
  const closes = /\bcloses\s+([A-Za-z]{2,6}-\d{4}-\d{1,6})\b/i.exec(text);
  const rest = (closes ? text.replace(closes[0], ' ') : text).replace(/\s+/g, ' ').trim();
  const split = /\s(?:because|reason:?|-)\s/i.exec(` ${rest} `);
  const what = split ? ` ${rest} `.slice(0, split.index).trim() : rest;
  const why = split
    ? ` ${rest} `
        .slice(split.index + split[0].length)
        .trim()
        .replace(/[.\s]+$/, '')
    : '';
  if (!what || !why) throw new InvalidInputError({ change: 'Say what changed and why.', usage: FILTERING_CHANGE_USAGE.join(' ') }, 'Say what changed and why.');
  if (why.length > MAX_REASON_LENGTH) throw new InvalidInputError({ reason: `Please keep the reason under ${MAX_REASON_LENGTH} characters.` });
  let normalised = what;
  if (kind === 'block') {
    const address = readWebAddress(what);
    if ('problem' in address) throw new InvalidInputError({ address: address.problem, usage: FILTERING_CHANGE_USAGE.join(' ') }, address.problem);
    normalised = address.normalised;
  } else if (what.length > 100) throw new InvalidInputError({ category: 'Name the category in under 100 characters.' });
  let incidentId: string | undefined;
  if (closes) {
    const reference = (closes[1] ?? '').toUpperCase();
    const [incident] = await deps.store.query<Incident>('incidents', { schoolId: school.id, where: [{ field: 'reference', op: '=', value: reference }], limit: 1 });
    if (!incident) throw new InvalidInputError({ incident: `There is no incident ${reference} at ${school.name}, so nothing was logged.` });
    if (incident.procedureId !== 'filtering-breach') throw new InvalidInputError({ incident: `${reference} is not a filtering breach, so nothing was logged.` });
    incidentId = incident.id;
  }
  const now = deps.clock.now();
  const id = filteringEntryId([kind, school.id, normalised.toLowerCase(), localTime(now, school.timeZone).date, incidentId ?? '']);
  const entry: FilteringEntry = {
    id,
    schoolId: school.id,
    ref: filteringRef(id),
    kind,
    status: 'recorded',
    what: normalised,
    why,
    askedBy: actorRef(actor),
    askedAt: now.toISOString(),
    decidedBy: actorRef(actor),
    decidedAt: now.toISOString(),
    ...(incidentId && { incidentId }),
  };
  try {
    await deps.store.create('filtering', entry);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action, outcome: 'ok', detail: id, ...(incidentId && { incidentId }) });
  return (await deps.store.get<FilteringEntry>('filtering', school.id, id)) ?? entry;
}

/** What a typed `filtering …` asks for (after the review, which opens its own form): the log, a change to log, or how to use it. */
export type FilteringRequest = { kind: 'log'; csv: boolean } | { kind: 'change'; change: 'block' | 'category-change'; words: string } | { kind: 'usage' };

/** Reads the words after `filtering`: `log`, `log csv`, `block …`, `category …`; anything else asks for the usage. */
export function readFilteringRequest(text: string): FilteringRequest {
  const [word = '', ...rest] = text.trim().split(/\s+/);
  const after = rest.join(' ');
  switch (word.toLowerCase()) {
    case 'log':
      return { kind: 'log', csv: after.toLowerCase() === 'csv' };
    case 'block':
      return { kind: 'change', change: 'block', words: after };
    case 'category':
      return { kind: 'change', change: 'category-change', words: after };
    default:
      return { kind: 'usage' };
  }
}

/** The answer to a logged change, the same on every platform. */
export function describeLoggedChange(entry: FilteringEntry): { title: string; line: string } {
  return {
    title: `Logged: ${entry.kind === 'block' ? 'blocked' : 'category changed'} ${entry.what}`,
    line: `The change is in the filtering log as ${entry.ref}.${entry.incidentId ? ' It is linked to the filtering breach it closes.' : ''}`,
  };
}
