import type { PersonIdentity } from '../policy/schema';

/** A stable key for a role holder, the same on every platform. */
export function personKey(person: Pick<PersonIdentity, 'email' | 'teamsUserId' | 'slackUserId' | 'name'>): string {
  return person.email ?? person.teamsUserId ?? person.slackUserId ?? person.name;
}
