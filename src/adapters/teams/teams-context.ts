import type { CoreDeps } from '../../core/deps';
import type { Logger } from '../../ports/logger';

/** What every Teams handler needs. */
export interface TeamsContext {
  deps: CoreDeps;
  logger: Logger;
  /** The bot's Microsoft App ID ('' when running locally without credentials). */
  appId: string;
  /** Token audience for proactive calls: the Bot Framework's public audience. */
  audience: string;
  /** Runs an outbox pass now, so what a button or a report queued goes out at once (not on the next tick). */
  deliverNow?: () => void;
}
