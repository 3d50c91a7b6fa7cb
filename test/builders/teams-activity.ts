/** Bot Framework Activity JSON as Teams sends it, for posting to `/api/messages`. */
import { randomUUID } from 'node:crypto';

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
}

export const TENANT = 'tenant-oakfield';

export function conversation(kind: 'personal' | 'channel', id: string) {
  return { id, conversationType: kind, tenantId: TENANT, ...(kind === 'channel' ? { isGroup: true } : {}) };
}

function base(serviceUrl: string, from: TeamsUser, conv: ReturnType<typeof conversation>) {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from,
    recipient: { id: '28:esafety-bot', name: 'eSafety' },
    conversation: conv,
    channelData: { tenant: { id: TENANT }, ...(conv.conversationType === 'channel' ? { channel: { id: conv.id.split(';')[0] }, team: { id: 'team-1' } } : {}) },
    locale: 'en-GB',
    deliveryMode: 'expectReplies',
  };
}

export function messageActivity(serviceUrl: string, from: TeamsUser, conv: ReturnType<typeof conversation>, text: string) {
  // Teams puts an <at> mention of the bot in channel messages and lists it in `entities`.
  const mention = /<at>[^<]*<\/at>/.exec(text)?.[0];
  const entities = mention ? [{ type: 'mention', text: mention, mentioned: { id: '28:esafety-bot', name: 'eSafety' } }] : [];
  return { ...base(serviceUrl, from, conv), type: 'message', text, entities };
}

export function actionActivity(serviceUrl: string, from: TeamsUser, conv: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>, replyToId = 'card-1') {
  return {
    ...base(serviceUrl, from, conv),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

export async function post(botUrl: string, activity: object): Promise<{ status: number; body: any }> {
  const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Finds every Action.Execute in a card (including inside ShowCards). */
export function executeActions(card: any): Array<{ verb: string; data: Record<string, unknown>; title?: string }> {
  const found: Array<{ verb: string; data: Record<string, unknown>; title?: string }> = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.Execute') found.push({ verb: node.verb, data: node.data ?? {}, title: node.title });
    for (const value of Object.values(node)) walk(value);
  };
  walk(card);
  return found;
}
