import type { Activity } from 'botbuilder';
import type { Actor } from '../../core/people/actor';

/**
 * The person behind a Teams activity. The Entra (AAD) object id is stable across chats and is what a
 * school knows, so it is preferred to the bot-scoped `29:` id.
 */
export function teamsActor(activity: Partial<Activity>): Actor {
  const from = activity.from;
  return {
    platform: 'teams',
    userId: from?.aadObjectId ?? from?.id ?? 'unknown',
    name: from?.name ?? 'Someone',
    aliases: from?.aadObjectId && from.id ? [from.id] : [],
  };
}

export function isPersonal(activity: Partial<Activity>): boolean {
  return (activity.conversation?.conversationType ?? 'personal') === 'personal';
}
