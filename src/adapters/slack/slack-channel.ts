/** The school's Slack DSL channel, registered by a safeguarding lead with `/report register dsl channel`. */
import type { School } from '../../core/policy/schema';
import type { Doc, DocumentStore } from '../../ports/document-store';

export interface SlackChannelDoc extends Doc {
  platform: 'slack';
  channelId: string;
  registeredBy: string;
  updatedAt: string;
}

export const SLACK_DSL_CHANNEL_ID = 'slack:dsl-channel';

export async function registerSlackDslChannel(store: DocumentStore, schoolId: string, channelId: string, userId: string, now: Date): Promise<void> {
  await store.upsert<SlackChannelDoc>('conversations', { id: SLACK_DSL_CHANNEL_ID, schoolId, platform: 'slack', channelId, registeredBy: userId, updatedAt: now.toISOString() });
}

/** The school's Slack safeguarding channel: the pack's `dslChannel.slack`, else the one registered; undefined when neither. */
export async function slackDslChannel(store: DocumentStore, school: School): Promise<string | undefined> {
  if (school.dslChannel.slack) return school.dslChannel.slack;
  return (await store.get<SlackChannelDoc>('conversations', school.id, SLACK_DSL_CHANNEL_ID))?.channelId;
}
