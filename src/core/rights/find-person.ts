/**
 * Who a data-rights request is about: a name, an email or a chat id (`teams:…`, `slack:U…`) is matched
 * against the AUP register, the policy pack's role holders and the people on incident records, and
 * everything each of those knows the person by is gathered, so no record held under another id is missed.
 */
import type { CoreDeps } from '../deps';
import type { Person } from '../people/person-record';
import type { Incident } from '../incidents/incident';
import type { School } from '../policy/schema';

/** Everything a data-rights request's person is known by in one school. */
export interface PersonIdentity {
  /** What the request said, as asked. */
  asked: string;
  /** Lower-cased, for matching. */
  names: Set<string>;
  /** As written on the records, for people to read. */
  shownNames: Set<string>;
  emails: Set<string>;
  /** `platform:userId` pairs. */
  chatIds: Set<string>;
  /** AUP register ids. */
  personIds: Set<string>;
  /** Role keys the pack gives them in this school (erasure warns: the pack still names them). */
  packRoles: string[];
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

function addName(identity: PersonIdentity, name: string): void {
  identity.names.add(norm(name));
  identity.shownNames.add(name.trim());
}

/** True when `name` is one of the person's names (ignoring case and extra spaces). */
export function matchesName(identity: PersonIdentity, name: string | undefined): boolean {
  return name !== undefined && identity.names.has(norm(name));
}

/** True when the platform and user id are one of the person's chat identities. */
export function matchesChatId(identity: PersonIdentity, platform: string, userId: string): boolean {
  return identity.chatIds.has(`${platform}:${userId}`);
}

/** Gathers everything the request's person is known by at the school, from the pack, the register and incident records. */
export async function findPerson(deps: CoreDeps, school: School, asked: string): Promise<PersonIdentity> {
  const key = norm(asked);
  const identity: PersonIdentity = { asked, names: new Set(), shownNames: new Set(), emails: new Set(), chatIds: new Set(), personIds: new Set(), packRoles: [] };
  if (/^(teams|slack):/.test(key)) identity.chatIds.add(asked.trim());
  else if (key.includes('@')) identity.emails.add(key);
  else identity.names.add(key);

  for (const [role, def] of Object.entries(school.roles)) {
    for (const h of def.holders) {
      const ids = [h.teamsUserId && `teams:${h.teamsUserId}`, h.slackUserId && `slack:${h.slackUserId}`].filter(Boolean) as string[];
      if (identity.names.has(norm(h.name)) || (h.email && identity.emails.has(norm(h.email))) || ids.some((i) => identity.chatIds.has(i))) {
        addName(identity, h.name);
        if (h.email) identity.emails.add(norm(h.email));
        ids.forEach((i) => identity.chatIds.add(i));
        identity.packRoles.push(role);
      }
    }
  }
  const people = await deps.store.query<Person>('people', { schoolId: school.id });
  for (const p of people) {
    const chatId = p.platform && p.userId ? `${p.platform}:${p.userId}` : undefined;
    if (identity.names.has(norm(p.name)) || (p.email && identity.emails.has(norm(p.email))) || (chatId && identity.chatIds.has(chatId)) || identity.personIds.has(p.id)) {
      identity.personIds.add(p.id);
      addName(identity, p.name);
      if (p.email) identity.emails.add(norm(p.email));
      if (chatId) identity.chatIds.add(chatId);
    }
  }
  // A reporter the register never met (or who has been erased from it) is still found by name or id.
  const incidents = await deps.store.query<Incident>('incidents', { schoolId: school.id });
  for (const i of incidents) {
    const r = i.reporter;
    if (identity.chatIds.has(`${r.platform}:${r.userId}`) || identity.names.has(norm(r.name))) {
      identity.chatIds.add(`${r.platform}:${r.userId}`);
      addName(identity, r.name);
    }
  }
  return identity;
}

/** Whole-word, case-insensitive: does this text mention any of the person's names? */
export function mentions(identity: PersonIdentity, text: string | undefined): boolean {
  if (!text) return false;
  const lower = norm(text);
  return [...identity.names].some((n) => n.length > 2 && new RegExp(`(^|[^a-z])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z]|$)`).test(lower));
}
