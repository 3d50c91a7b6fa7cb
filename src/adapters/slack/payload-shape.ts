/**
 * The least a signed Slack request must look like before Bolt sees it: Bolt answers 500 when a payload
 * lacks what its routing reads (a button press with no actions, no user). Anything else is refused with
 * 400 here and runs nothing. Found by the fuzz test.
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);
const Interaction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('block_actions'), user: z.object({ id }).passthrough(), actions: z.array(z.object({ action_id: z.string().min(1).max(255) }).passthrough()).min(1) }).passthrough(),
  z.object({ type: z.literal('view_submission'), user: z.object({ id }).passthrough(), view: z.object({ id: z.string(), callback_id: z.string() }).passthrough() }).passthrough(),
  z.object({ type: z.literal('view_closed'), user: z.object({ id }).passthrough(), view: z.object({ id: z.string(), callback_id: z.string() }).passthrough() }).passthrough(),
  z.object({ type: z.literal('shortcut'), user: z.object({ id }).passthrough(), callback_id: z.string().min(1) }).passthrough(),
  z.object({ type: z.literal('message_action'), user: z.object({ id }).passthrough(), callback_id: z.string().min(1) }).passthrough(),
  z.object({ type: z.literal('block_suggestion'), user: z.object({ id }).passthrough(), action_id: z.string().min(1) }).passthrough(),
]);
const SlashCommand = z.object({ command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/i), user_id: id, trigger_id: z.string().optional() }).passthrough();
const EventBody = z.object({ type: z.string().min(1).max(64) }).passthrough();

/** True when Bolt can route the body: a well-formed interaction, slash command or event. */
export function slackBodyRoutable(body: Buffer, contentType: string | undefined): boolean {
  const text = body.toString('utf8');
  try {
    if (/application\/json/i.test(contentType ?? '')) return EventBody.safeParse(JSON.parse(text)).success;
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    if (payload !== null) return Interaction.safeParse(JSON.parse(payload)).success;
    if (form.has('ssl_check')) return true;
    return SlashCommand.safeParse(Object.fromEntries(form)).success;
  } catch {
    return false;
  }
}
