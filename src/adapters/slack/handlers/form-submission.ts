/**
 * The submission of a case-file form that was opened from the full record (a decision, a pupil link, a
 * share, a custody entry): one listener reads the form's reference from its `private_metadata`, runs the
 * form's use case in core, answers a refused value beside its field (`response_action: 'errors'`, the
 * block ids being core's field ids) or any other refusal with "Nothing was changed", and after a save
 * closes the form and redraws the full record beneath it (an audited read). Core checks who is acting
 * and audits a refusal.
 */
import type { App } from '@slack/bolt';
import { personDeliveries } from '../../../core/assignments/delivery-report';
import { caseSectionsFor } from '../../../core/casefile/record-sections';
import type { OutboxMessage } from '../../../core/delivery/outbox';
import { InvalidInputError } from '../../../core/errors';
import { explainError } from '../../../core/explain-error';
import { readFullRecord } from '../../../core/incidents/act-on-incident';
import { describeFullRecord } from '../../../core/incidents/full-record-view';
import { recordNames } from '../../../core/incidents/record-names';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { type IncidentRef, parseCaseActionToken } from '../views/incident-token';
import { fullRecordModal } from '../views/incident-modals';
import type { ModalView } from '../views/slack-types';
import { noticeModal } from '../views/wizard-modal';

/** The full record as its modal, with its case-file sections, for a permitted reader (core audits the read). */
export async function recordModal(ctx: SlackContext, actor: Actor, ref: IncidentRef): Promise<ModalView> {
  const incident = await readFullRecord(ctx.deps, actor, ref);
  const school = findSchool(ctx.deps.pack, incident.schoolId);
  const messages = await ctx.deps.store.query<OutboxMessage>('outbox', { schoolId: incident.schoolId, where: [{ field: 'incidentId', op: '=', value: incident.id }] });
  const deliveries = school ? personDeliveries(school, incident, messages, ctx.deps.pack.trust.roles) : undefined;
  const view = describeFullRecord(incident, school?.name ?? incident.schoolId, school ? recordNames(ctx.deps.pack, school, incident) : {}, deliveries);
  return fullRecordModal(view, school ? await caseSectionsFor(ctx.deps, school, incident, actor) : []);
}

/** A form's `schoolId/incidentId/ref` metadata, for the forms that act on one thing within the case; `undefined` without its `ref`. */
export function parseRefToken(metadata: unknown): (IncidentRef & { ref: string }) | undefined {
  const token = parseCaseActionToken(metadata);
  return token?.ref ? { schoolId: token.schoolId, incidentId: token.incidentId, ref: token.ref } : undefined;
}

/** Said after a save whose record could not be drawn again, so nobody saves the same thing twice. */
export const SAVED_BUT_NOT_SHOWN = 'The full record could not be shown just now: open it again with Full record to see it (do not save the form again).';

/** What differs from one case-file form to the next. */
export interface CaseFileForm<Ref extends IncidentRef> {
  /** The modal's `callback_id`. */
  callbackId: string;
  /** The form's reference from its `private_metadata`; `undefined` when it is not one this form can carry. */
  parse(metadata: string): Ref | undefined;
  /** Runs the form's use case in core; throws `InvalidInputError` (per field) or another error, and then nothing changed. */
  save(actor: Actor, ref: Ref, state: unknown): Promise<unknown>;
  /** The log code's stem (`slack.decision`): failures are logged as `<stem>-form` and `<stem>-redraw`. */
  logAs: string;
  /**
   * The notice after a save when the record cannot be drawn again: what was saved, in one sentence. The
   * helper adds how to see it; the redraw's failure is logged, never shown (its words say nothing changed).
   */
  saved: { title: string; line: string };
}

/**
 * Listens for one case-file form's submission. A form whose reference is not recognised, or whose save
 * core refuses, changes nothing and says so; a field error goes back beside its field. After a save the
 * outbox is asked to deliver, and the form closes onto the full record beneath it (`previous_view_id`),
 * which is redrawn; without one beneath, the form itself becomes the record. A failed redraw after a save
 * is logged and answered with `form.saved`.
 */
export function onCaseFileFormSubmission<Ref extends IncidentRef>(app: App, ctx: SlackContext, form: CaseFileForm<Ref>): void {
  app.view({ type: 'view_submission', callback_id: form.callbackId }, async ({ ack, body, view, client }) => {
    const ref = form.parse(view.private_metadata);
    if (!ref) {
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', ["This form's details were not recognised."], 'Online safety') });
      return;
    }
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    try {
      await form.save(actor, ref, view.state);
    } catch (error) {
      if (error instanceof InvalidInputError && Object.keys(error.fieldErrors).length) {
        await ack({ response_action: 'errors', errors: error.fieldErrors });
        return;
      }
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', [explainError(error, ctx.logger, `${form.logAs}-form`)], 'Online safety') });
      return;
    }
    ctx.deliverNow();
    const incident = { schoolId: ref.schoolId, incidentId: ref.incidentId };
    let record: ModalView;
    try {
      record = await recordModal(ctx, actor, incident);
    } catch (error) {
      // Saved, but the record could not be drawn again: say so, not that nothing changed.
      explainError(error, ctx.logger, `${form.logAs}-redraw`);
      await ack({ response_action: 'update', view: noticeModal(form.saved.title, [form.saved.line, SAVED_BUT_NOT_SHOWN], 'Online safety') });
      return;
    }
    const under = (view as { previous_view_id?: string | null }).previous_view_id;
    if (!under) {
      await ack({ response_action: 'update', view: record });
      return;
    }
    // The form closes, and the full record it was opened from shows what was saved.
    await ack();
    await client.views.update({ view_id: under, view: record }).catch((error) => explainError(error, ctx.logger, `${form.logAs}-redraw`));
  });
}
