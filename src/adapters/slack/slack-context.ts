import type { CoreDeps } from '../../core/deps';
import type { Logger } from '../../ports/logger';

/** What every Slack handler needs. */
export interface SlackContext {
  deps: CoreDeps;
  logger: Logger;
  /** Asks the outbox to deliver now, so a changed escalation message updates at once. */
  deliverNow(): void;
}
