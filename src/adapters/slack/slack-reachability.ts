/**
 * Whether Slack can reach a role holder or the school's channel, without sending anything: a holder
 * needs a `slackUserId` that Slack knows and that is not deactivated (`users.info`); the channel must be
 * set in the pack or registered. Limit: when Slack does not answer `users.info` (a rate limit, a
 * network error), a holder with an id is counted as reachable; the delivery report is the real test.
 */
import type { webApi } from '@slack/bolt';
import type { CoreDeps } from '../../core/deps';
import type { HolderRef } from '../../core/delivery/outbox';
import type { Reachability } from '../../core/delivery/reachability';
import { findSchool } from '../../core/people/resolve-school';
import type { Logger } from '../../ports/logger';
import { slackDslChannel } from './slack-channel';
import { slackRefusal } from './slack-errors';

export class SlackReachability implements Reachability {
  readonly platform = 'slack' as const;

  constructor(
    private readonly deps: CoreDeps,
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
  ) {}

  async person(_schoolId: string, holder: HolderRef): Promise<{ reachable: true } | { reachable: false; reason: 'no-platform-id' | 'refused' }> {
    if (!holder.slackUserId) return { reachable: false, reason: 'no-platform-id' };
    try {
      const answer = await this.client.users.info({ user: holder.slackUserId });
      if (answer.user?.deleted) return { reachable: false, reason: 'refused' };
      return { reachable: true };
    } catch (error) {
      if (slackRefusal(error)) return { reachable: false, reason: 'refused' };
      this.logger.warn('slack.users-info-failed', { error: (error as { data?: { error?: string } }).data?.error ?? (error as Error).name });
      return { reachable: true };
    }
  }

  async channel(schoolId: string): Promise<boolean> {
    const school = findSchool(this.deps.pack, schoolId);
    return Boolean(school && (await slackDslChannel(this.deps.store, school)));
  }
}
