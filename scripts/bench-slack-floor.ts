/**
 * The Slack floor for `npm run bench`: a bare Bolt app on the receiver the bot uses (Bolt's
 * `HTTPReceiver` on a port of its own, the same endpoint, signing secret, body limit and unhandled-request
 * timeout as `src/adapters/slack/slack-app.ts`), whose `/report` listener only acknowledges. `slack_ack`
 * is compared with it, as the Teams figures are with the echo bot, so the target is what the product adds
 * on top of Bolt on this machine at this moment, not a fixed number of milliseconds.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Server } from 'node:http';

export interface SlackFloor {
  url: string;
  close(): Promise<void>;
}

export async function startSlackFloor(apiUrl: string, signingSecret: string): Promise<SlackFloor> {
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: '/slack/events',
    bodyLimit: 512 * 1024,
    unhandledRequestTimeoutMillis: 1_000,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({ token: 'xoxb-bench-floor', receiver, convoStore: false, clientOptions: { slackApiUrl: apiUrl }, logLevel: LogLevel.ERROR });
  app.command('/report', async ({ ack }) => {
    await ack();
  });
  const server = (await receiver.start(0)) as Server;
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => receiver.stop().then(() => undefined) };
}
