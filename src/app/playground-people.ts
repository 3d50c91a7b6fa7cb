/**
 * `PLAYGROUND_PEOPLE=on`: besides the usual Agents Playground (signed in as Alex Wilber), one more
 * Playground per role holder of the first school who has a Teams id, each signed in as that person, on
 * the ports after PLAYGROUND_PORT. A newcomer can then be the network manager, the head or the chair
 * and see their own tasks. Each person must open their page once (the bot can reach only chats opened).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { PersonIdentity, PolicyPack } from '../core/policy/schema';
import { playgroundEnv } from './config';

export interface PlaygroundPerson {
  name: string;
  email?: string;
  teamsUserId: string;
  roles: string[];
  port: number;
}

/** The first school's role holders with a Teams id, other than the default Playground user. */
export function playgroundPeople(pack: PolicyPack, firstPort: number): PlaygroundPerson[] {
  const school = pack.schools[0];
  const people = new Map<string, PlaygroundPerson>();
  const add = (title: string, holder: PersonIdentity) => {
    if (!holder.teamsUserId || holder.teamsUserId === 'user-id-0') return;
    const known = people.get(holder.teamsUserId) ?? { name: holder.name, ...(holder.email && { email: holder.email }), teamsUserId: holder.teamsUserId, roles: [], port: 0 };
    known.roles.push(title);
    people.set(holder.teamsUserId, known);
  };
  for (const role of Object.values(school?.roles ?? {})) for (const h of role?.holders ?? []) add(role?.title ?? '', h);
  for (const role of Object.values(pack.trust.roles)) for (const h of role?.holders ?? []) add(role?.title ?? '', h);
  return [...people.values()].map((p, i) => ({ ...p, port: firstPort + 1 + i }));
}

/** The Playground's own mock users (it wants at least five besides the signed-in one). */
const MOCK_USERS = [
  ['user-id-0', 'Alex Wilber', 'alexw@example.com'],
  ['user-id-1', 'Megan Bowen', 'meganb@example.com'],
  ['user-id-2', 'Adele Vance', 'adelev@example.com'],
  ['user-id-3', 'Isaiah Langer', 'isaiah@example.com'],
  ['user-id-4', 'Patti Fernandez', 'pattif@example.com'],
  ['user-id-5', 'Lynne Robbins', 'lynner@example.com'],
] as const;

/** The most users besides the signed-in one that the Playground's config file may list. */
export const PLAYGROUND_MAX_USERS = 5;

/** The Playground's own users have these object ids (user-id-0 is …0020); anyone else one made from their id. */
function objectIdFor(teamsUserId: string): string {
  const n = /^user-id-(\d+)$/.exec(teamsUserId)?.[1];
  const suffix = n ? String(20 + Number(n)) : String([...teamsUserId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1e12, 7));
  return `00000000-0000-0000-0000-${suffix.padStart(13, '0')}`;
}

/** The Playground's own config file, with `person` as the signed-in user. */
export function playgroundConfig(person: Pick<PlaygroundPerson, 'name' | 'teamsUserId' | 'email'>): string {
  const [givenName = person.name, ...rest] = person.name.split(' ');
  const email = person.email ?? `${person.teamsUserId}@example.com`;
  const aadObjectId = objectIdFor(person.teamsUserId);
  return stringify({
    version: '0.1.1',
    tenantId: '00000000-0000-0000-0000-0000000000001',
    bot: { id: '00000000-0000-0000-0000-00000000000011', name: 'Test Bot' },
    currentUser: { id: person.teamsUserId, name: person.name, userPrincipleName: email, aadObjectId, givenName, surname: rest.join(' ') || givenName, email },
    // The Playground refuses a config with more than five other users (and then exits at once).
    users: MOCK_USERS.filter(([id]) => id !== person.teamsUserId)
      .slice(0, PLAYGROUND_MAX_USERS)
      .map(([id, name, mail]) => {
        const [first = name, last = name] = name.split(' ');
        return { id, name, userPrincipleName: mail, aadObjectId: objectIdFor(id), givenName: first, surname: last, email: mail };
      }),
    personalChat: { id: '__PERSONAL_CHAT_ID__' },
    groupChat: { id: '__GROUP_CHAT_ID__', name: 'Group Chat' },
    team: { id: 'team-id', name: 'My Team', aadGroupId: '00000000-0000-0000-0000-000000000031', channels: [{ id: 'channel-announcements-id', name: 'Announcements' }] },
  });
}

/** Starts one Playground as `person`; the config file goes under `dir`. Returns the child process. */
export function startPlaygroundAs(person: PlaygroundPerson, botPort: number, dir: string): ChildProcess {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${person.teamsUserId}.yml`);
  writeFileSync(file, playgroundConfig(person), { mode: 0o600 });
  const bin = join(process.cwd(), 'node_modules', '.bin', 'agentsplayground');
  // The Playground exits when its standard input closes, so keep a pipe open for its lifetime.
  return spawn(bin, ['-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '-p', String(person.port), '--dt'], {
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...playgroundEnv(), M365_AGENTS_PLAYGROUND_CONFIG_PATH: file },
  });
}
