/**
 * A report made through Teams the way a person makes one: type "report", then on each card pick the
 * first answer on the `prefer` list that the card offers (else its first), type the details, press Next,
 * and Send on the review. Returns the receipt card and the review card.
 */
import { actionActivity, type conversation, executeActions, messageActivity, post, type TeamsUser } from './teams-activity';

type Conv = ReturnType<typeof conversation>;

/** Every object in a card (body, actions, ShowCards) matching `match`. */
export function cardNodes(card: unknown, match: (o: any) => boolean): any[] {
  if (Array.isArray(card)) return card.flatMap((n) => cardNodes(n, match));
  if (!card || typeof card !== 'object') return [];
  return [...(match(card) ? [card] : []), ...Object.values(card).flatMap((v) => cardNodes(v, match))];
}

/** The text of every TextBlock, in order. */
export const cardTexts = (card: unknown): string[] => cardNodes(card, (o) => o.type === 'TextBlock').map((t) => String(t.text));

/** Presses an Action.Execute; returns the invoke response's body (`{ statusCode, type, value }`). */
export async function pressCard(botUrl: string, connectorUrl: string, user: TeamsUser, conv: Conv, verb: string, data: Record<string, unknown>, replyToId?: string): Promise<any> {
  const res = await post(botUrl, actionActivity(connectorUrl, user, conv, verb, data, replyToId));
  return res.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body;
}

export const SAMPLE_DETAILS: Record<string, string> = {
  whenDate: '2026-11-20',
  whenTime: '10:15',
  where: 'ICT suite',
  url: 'unsuitable.example',
  device: 'ICT suite PC 3',
  pupils: 'J.S.',
  staff: 'A class teacher (K. Brown); the teaching assistant was with me.',
  evidence: 'Nothing copied.',
  description: 'A pupil searching for a project opened an unsuitable page; I closed it.',
};

export async function reportInTeams(botUrl: string, connectorUrl: string, user: TeamsUser, conv: Conv, prefer: string[], details = SAMPLE_DETAILS): Promise<{ receipt: any; review: any }> {
  const started = await post(botUrl, messageActivity(connectorUrl, user, conv, 'report'));
  let card = started.body?.activities?.[0]?.attachments?.[0]?.content;
  for (let step = 0; step < 30; step++) {
    const submit = executeActions(card).find((a) => a.verb === 'report-submit');
    if (submit) return { receipt: (await pressCard(botUrl, connectorUrl, user, conv, 'report-submit', submit.data)).value, review: card };
    // A short list of answers is one button per answer (the answer rides on the button).
    const answers = executeActions(card).filter((a) => a.verb === 'report-next' && typeof a.data.choice === 'string' && a.data.choice !== 'danger-now');
    if (answers.length) {
      const offeredAnswers = answers.map((a) => String(a.data.choice));
      const pick = prefer.find((p) => offeredAnswers.includes(p)) ?? offeredAnswers[0];
      const button = answers.find((a) => a.data.choice === pick) ?? answers[0];
      card = (await pressCard(botUrl, connectorUrl, user, conv, 'report-next', { ...button?.data })).value;
      continue;
    }
    const next = executeActions(card).find((a) => a.verb === 'report-next' && a.data.choice === undefined);
    if (!next) throw new Error(`no Next on the card: ${cardTexts(card).join(' | ')}`);
    const choice = cardNodes(card, (o) => o.type === 'Input.ChoiceSet' && o.id === 'choice')[0];
    const offered: string[] = (choice?.choices ?? []).map((c: { value: string }) => c.value);
    const typed = cardNodes(card, (o) => typeof o.type === 'string' && o.type.startsWith('Input.') && o.id !== 'choice').map((i) => String(i.id));
    const values = choice ? { choice: prefer.find((p) => offered.includes(p)) ?? offered[0] } : Object.fromEntries(typed.filter((id) => details[id] !== undefined).map((id) => [id, details[id]]));
    card = (await pressCard(botUrl, connectorUrl, user, conv, 'report-next', { ...next.data, ...values })).value;
  }
  throw new Error(`the report did not reach the review step; the last card said: ${cardTexts(card).join(' | ')}`);
}

/** The answers that report an unsuitable site a pupil opened by accident (a task for the Network Manager). */
export const UNSUITABLE_SITE = ['inappropriate-site-unintentional', 'no-accident', 'pupil', 'other-unsuitable', 'none-saw', 'no'];

/** The answers that report worrying online contact with a pupil, nobody in danger now (a safeguarding concern). */
export const GROOMING = ['grooming-inappropriate-contact', 'no', 'no-or-unknown', 'stranger'];
