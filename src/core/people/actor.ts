import type { PersonIdentity, RoleKey, School } from '../policy/schema';

/** A person acting through a chat platform, as the adapter identified them. */
export interface Actor {
  platform: 'teams' | 'slack';
  /** The platform's user id (Teams AAD object id or `user-id-0` style id; Slack `U…`). */
  userId: string;
  name: string;
  email?: string;
  /** Other ids the platform gave the same person (Teams: the bot-scoped `29:` or Playground id). */
  aliases?: string[];
}

/** The parts of an actor kept on records. */
export type ActorRef = Pick<Actor, 'platform' | 'userId' | 'name'>;

/** The parts of an actor kept on records. */
export function actorRef(actor: Actor): ActorRef {
  return { platform: actor.platform, userId: actor.userId, name: actor.name };
}

/** True when the chat identity is the pack's person (matched by platform id, then by email). */
export function isSamePerson(actor: Actor, person: PersonIdentity): boolean {
  const ids = [actor.userId, ...(actor.aliases ?? [])];
  if (actor.platform === 'teams' && person.teamsUserId && ids.includes(person.teamsUserId)) return true;
  if (actor.platform === 'slack' && person.slackUserId && person.slackUserId === actor.userId) return true;
  return Boolean(actor.email && person.email && actor.email.toLowerCase() === person.email.toLowerCase());
}

/** The role keys this actor holds at the school. */
export function rolesOf(actor: Actor, school: School): RoleKey[] {
  return (Object.entries(school.roles) as Array<[RoleKey, School['roles'][RoleKey]]>).filter(([, role]) => role?.holders.some((h) => isSamePerson(actor, h))).map(([key]) => key);
}

/** The school's own name for a role, e.g. "Online Safety Co-ordinator". */
export function roleTitle(school: School, role: RoleKey): string {
  return school.roles[role]?.title ?? role.replace(/-/g, ' ');
}
