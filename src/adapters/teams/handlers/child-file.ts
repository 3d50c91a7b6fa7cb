/**
 * A child's file in Teams: `pupil <name>` typed in the 1:1 chat, a choice among several matches, the
 * file itself, its "Older entries", and "Open file" from an incident's full record. Only in a 1:1 chat:
 * anywhere else it is refused (and audited) without a word about the child. Core decides who may open
 * it and audits every open and refusal.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { CHILD_FILE_ACTIONS, PRIVATE_ONLY_WORDS, describePupilChoice, noPupilWords, parseOlderRef } from '../../../core/casefile/child-file-view';
import { findPupilForFile, openChildFile, refuseChildFileHere } from '../../../core/casefile/open-child-file';
import type { Actor } from '../../../core/people/actor';
import { childFileCardData, pupilChoiceCardData } from '../cards/child-file-data';
import { noticeCardData } from '../cards/card-data';
import { cardAttachment, renderCard } from '../cards/render-card';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { checkTenant, schoolAmong } from '../teams-tenant';
import { plainWords } from './reply';

type Card = { type: 'AdaptiveCard' };

/** The verbs this handler answers. */
export const CHILD_FILE_VERBS: readonly string[] = [CHILD_FILE_ACTIONS.open, CHILD_FILE_ACTIONS.older];

const opaqueId = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9:_-]+$/);
const FilePayload = z.object({ schoolId: opaqueId, ref: opaqueId });

const notice = (title: string, lines: string[] = []) => renderCard('notice', noticeCardData(title, lines)) as Card;

async function fileCard(ctx: TeamsContext, actor: Actor, schoolId: string, pupilId: string, page = 1): Promise<Card> {
  const file = await openChildFile(ctx.deps, actor, { schoolId, pupilId });
  return renderCard('child-file', childFileCardData(file, page)) as Card;
}

/** `pupil <text>`: the file, a choice of matches, or a plain "nobody matches"; refused outside a 1:1 chat. */
export async function handlePupilCommand(ctx: TeamsContext, context: TurnContext, text: string): Promise<void> {
  const actor = teamsActor(context.activity);
  const school = schoolAmong(ctx.deps.pack, checkTenant(ctx.deps.pack, context.activity), actor);
  const send = (card: object) => context.sendActivity(MessageFactory.attachment(cardAttachment(card)));
  try {
    if (!isPersonal(context.activity)) {
      await refuseChildFileHere(ctx.deps, actor, school.id);
      await send(notice('Please ask me in a 1:1 chat', [PRIVATE_ONLY_WORDS]));
      return;
    }
    const found = await findPupilForFile(ctx.deps, actor, { schoolId: school.id, text });
    if (found.kind === 'none') await send(notice('No pupil found', [noPupilWords(found.text)]));
    else if (found.kind === 'several') await send(renderCard('child-file', pupilChoiceCardData(describePupilChoice(school.id, found.matches, found.more))));
    else await send(await fileCard(ctx, actor, school.id, found.pupilId));
  } catch (error) {
    await send(notice('That did not work', [plainWords(error, ctx.logger, 'child-file')]));
  }
}

/** "Open file" (a match, or a pupil on the full record) and "Older entries": the file, only in a 1:1 chat. */
export async function handleChildFileAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>): Promise<Card | string> {
  const verb = String(context.activity.value?.action?.verb ?? '');
  const parsed = FilePayload.safeParse(data);
  const older = verb === CHILD_FILE_ACTIONS.older && parsed.success ? parseOlderRef(parsed.data.ref) : undefined;
  if (!parsed.success || !CHILD_FILE_VERBS.includes(verb) || (verb === CHILD_FILE_ACTIONS.older && !older)) {
    ctx.logger.warn('teams.child-file-bad-payload', { verb });
    return "This card's details were not recognised, so nothing was opened.";
  }
  const actor = teamsActor(context.activity);
  try {
    if (!isPersonal(context.activity)) {
      await refuseChildFileHere(ctx.deps, actor, parsed.data.schoolId);
      return notice('Please ask me in a 1:1 chat', [PRIVATE_ONLY_WORDS]);
    }
    return await fileCard(ctx, actor, parsed.data.schoolId, older?.pupilId ?? parsed.data.ref, older?.page ?? 1);
  } catch (error) {
    return notice('That did not work', [plainWords(error, ctx.logger, `child-file.${verb}`)]);
  }
}
