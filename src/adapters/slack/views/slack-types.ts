/** The Block Kit types this adapter uses, taken from the `@slack/types` that Bolt re-exports. */
import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;
export type Button = types.Button;
export type PlainTextElement = types.PlainTextElement;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
export type InputBlock = types.InputBlock;
export type PlainTextOption = types.PlainTextOption;

/** One message the bot posts: blocks plus the text notifications and screen readers use. */
export interface SlackMessage {
  /** The notification and screen-reader text: every message has one. */
  text: string;
  blocks: KnownBlock[];
}
