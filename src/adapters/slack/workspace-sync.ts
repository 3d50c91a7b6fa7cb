/**
 * Keeps the AUP register in step with the Slack workspace: every member (not bots, not Slackbot) is
 * noted, and a deactivated account is marked as left so it is never nagged. Runs at start-up and daily;
 * `team_join` and `user_change` events keep it current in between.
 */
import type { webApi } from '@slack/bolt';
import { personIdFor } from '../../core/people/person-record';
import { markLeft, notePerson } from '../../core/aup/register-people';
import { resolveSchool } from '../../core/people/resolve-school';
import type { SlackContext } from './slack-context';
import { slackActor } from './slack-actor';

export async function syncSlackWorkspace(ctx: SlackContext, client: webApi.WebClient): Promise<{ noted: number; left: number }> {
  let noted = 0;
  let left = 0;
  for await (const page of client.paginate('users.list', { limit: 200 }) as AsyncIterable<{
    members?: Array<{ id?: string; name?: string; real_name?: string; deleted?: boolean; is_bot?: boolean }>;
  }>) {
    for (const member of page.members ?? []) {
      if (!member.id || member.is_bot || member.id === 'USLACKBOT') continue;
      const actor = slackActor(ctx.deps.pack, member.id, member.real_name ?? member.name);
      const schoolId = resolveSchool(ctx.deps.pack, actor).id;
      if (member.deleted) {
        await markLeft(ctx.deps, schoolId, personIdFor({ platform: 'slack', userId: member.id, name: actor.name }));
        left++;
      } else {
        await notePerson(ctx.deps, { schoolId, platform: 'slack', userId: member.id, name: actor.name });
        noted++;
      }
    }
  }
  return { noted, left };
}
