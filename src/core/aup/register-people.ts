/**
 * The register: people are added when the bot first meets them on Teams or Slack (their appointment,
 * for the AUP), by the online-safety lead with a chat command, or from a CSV import; they are marked as
 * left when they leave the team or workspace. A person who has left is never reminded.
 */
import { parseCsv } from '../text/csv';
import { ConflictError } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { InvalidInputError, NotPermittedError } from '../errors';
import { type Actor, actorRef, roleTitle, rolesOf } from '../people/actor';
import { resolveSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import { AUDIENCES, type Audience } from '../policy/aup-policy';
import { type Person, personIdFor } from '../people/person-record';

/** The roles that may manage the register and see the AUP compliance view. */
export const AUP_MANAGERS = ['esafety-lead', 'head'] as const;

/** True when the actor may manage the register and see compliance at the school (the online-safety lead and the head). */
export function canManageAup(actor: Actor, school: School): boolean {
  return rolesOf(actor, school).some((r) => (AUP_MANAGERS as readonly string[]).includes(r));
}

/** What adapters call someone whose name they were not given. */
const UNKNOWN_NAME = 'Someone';

/** Notes a chat user the bot has just met; the first sighting is their appointment date. Returns the register entry. */
export async function notePerson(deps: CoreDeps, input: { schoolId: string; platform: 'teams' | 'slack'; userId: string; name: string; audience?: Audience }): Promise<Person> {
  const id = personIdFor(input);
  const existing = await deps.store.get<Person>('people', input.schoolId, id);
  if (existing) {
    // A roster event may know only an id: take the person's name the first time a message gives it.
    if (existing.status === 'active' && existing.name === UNKNOWN_NAME && input.name !== UNKNOWN_NAME) {
      const { _etag, ...doc } = existing;
      return deps.store.replace<Person>('people', { ...doc, name: input.name }, _etag).catch(() => existing);
    }
    if (existing.status === 'active') return existing;
    // Back again (re-joined the team or workspace): active, and signing is due as for a new appointment.
    const { _etag, ...doc } = existing;
    return deps.store.replace<Person>('people', { ...doc, status: 'active', leftAt: undefined, firstSeenAt: deps.clock.now().toISOString() }, _etag);
  }
  const person: Person = {
    id,
    schoolId: input.schoolId,
    name: input.name,
    audience: input.audience ?? 'staff',
    status: 'active',
    platform: input.platform,
    userId: input.userId,
    firstSeenAt: deps.clock.now().toISOString(),
    source: input.platform,
  };
  try {
    return await deps.store.create<Person>('people', person);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return (await deps.store.get<Person>('people', input.schoolId, id)) as Person;
  }
}

/** Marks a register entry as left (they are never reminded again); nothing happens if they are unknown or already left. */
export async function markLeft(deps: CoreDeps, schoolId: string, personId: string): Promise<void> {
  const existing = await deps.store.get<Person>('people', schoolId, personId);
  if (!existing || existing.status === 'left') return;
  const { _etag, ...doc } = existing;
  await deps.store.replace<Person>('people', { ...doc, status: 'left', leftAt: deps.clock.now().toISOString() }, _etag);
}

/** A register entry as the lead typed it or a CSV gave it, before it is checked. */
export interface NewPerson {
  name: string;
  audience: string;
  email?: string;
  platform?: 'teams' | 'slack';
  userId?: string;
}

function checked(row: NewPerson, line?: number): NewPerson & { audience: Audience } {
  const where = line === undefined ? '' : `Line ${line}: `;
  const name = row.name?.trim();
  if (!name || name.length > 200) throw new InvalidInputError({ name: `${where}give a name (up to 200 characters).` });
  const audience = row.audience?.trim().toLowerCase();
  if (!(AUDIENCES as readonly string[]).includes(audience)) throw new InvalidInputError({ audience: `${where}the audience must be one of ${AUDIENCES.join(', ')}.` });
  const email = row.email?.trim() || undefined;
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new InvalidInputError({ email: `${where}"${email}" is not an email address.` });
  return { ...row, name, audience: audience as Audience, email };
}

/** The lead adds (or updates) people by hand or from a CSV: visitors, governors, parents. */
export async function addPeople(deps: CoreDeps, actor: Actor, rows: NewPerson[], source: 'lead' | 'import' = 'lead'): Promise<{ added: number; updated: number }> {
  const school = resolveSchool(deps.pack, actor);
  const allowed = canManageAup(actor, school);
  await recordAudit(deps, {
    schoolId: school.id,
    actor: actorRef(actor),
    action: `aup.${source === 'lead' ? 'add-person' : 'import'}`,
    outcome: allowed ? 'ok' : 'refused',
    detail: `rows=${rows.length}`,
  });
  if (!allowed) throw new NotPermittedError(`change the AUP register (ask the ${roleTitle(school, 'esafety-lead')})`);
  return upsertPeople(deps, school.id, rows, source);
}

/**
 * Adds or updates register entries. Every row is checked before any is written, so a bad line changes
 * nothing. Callers check who is acting (`addPeople`) or run with server access (`npm run aup:import`).
 */
export async function upsertPeople(deps: CoreDeps, schoolId: string, rows: NewPerson[], source: 'lead' | 'import'): Promise<{ added: number; updated: number }> {
  const valid = rows.map((r, i) => checked(r, rows.length > 1 ? i + 1 : undefined));
  let added = 0;
  let updated = 0;
  for (const row of valid) {
    const id = personIdFor(row);
    const existing = await deps.store.get<Person>('people', schoolId, id);
    const base = { name: row.name, audience: row.audience, email: row.email, platform: row.platform, userId: row.userId };
    if (existing) {
      const { _etag, ...doc } = existing;
      await deps.store.replace<Person>('people', { ...doc, ...base, status: 'active' }, _etag);
      updated++;
    } else {
      await deps.store.create<Person>('people', { id, schoolId, ...base, status: 'active', firstSeenAt: deps.clock.now().toISOString(), source });
      added++;
    }
  }
  return { added, updated };
}

/** Reads `name,audience,email` CSV lines (a header line is skipped; quoted fields are allowed). */
export function parsePeopleCsv(csv: string): NewPerson[] {
  const rows: NewPerson[] = [];
  for (const [i, cells] of parseCsv(csv).entries()) {
    if (i === 0 && cells[0]?.toLowerCase() === 'name') continue;
    rows.push({ name: cells[0] ?? '', audience: cells[1] ?? '', email: cells[2] || undefined });
  }
  return rows;
}
