/** A platform's answer to "can the bot reach this person?": adapters implement it; core asks. */
import type { HolderRef, UnreachableReason } from './outbox';

/** Whether a chat platform can reach someone now, without sending anything (for `setup check` and start-up). */
export interface Reachability {
  platform: 'teams' | 'slack';
  /** Can the bot message this role holder one-to-one? */
  person(schoolId: string, holder: HolderRef): Promise<{ reachable: true } | { reachable: false; reason: UnreachableReason }>;
  /** Is a safeguarding channel registered (or set in the pack) for the school? */
  channel(schoolId: string): Promise<boolean>;
}
