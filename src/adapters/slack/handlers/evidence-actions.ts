/**
 * The full record's evidence and device-custody buttons in Slack. "Open" sends the person, in their DM
 * with the app, a one-time link to the bot's own route (core checks and audits; it lasts minutes and
 * works once), so no copy of the file is uploaded into Slack. "Add evidence" says how. "Record device
 * custody" pushes its form on top of the record (opens one elsewhere); a bad answer is shown beside its
 * field and changes nothing; a saved one closes the form and redraws the record beneath it.
 */
import type { App, webApi } from '@slack/bolt';
import { localTime } from '../../../core/calendar/school-calendar';
import { CUSTODY_ACTIONS, EVIDENCE_ACTIONS, howToAddEvidence } from '../../../core/casefile/evidence-section';
import { issueEvidenceLink } from '../../../core/casefile/open-evidence';
import { CUSTODY_FIELDS, openCustodyForm, recordCustody } from '../../../core/casefile/record-custody';
import { explainError } from '../../../core/explain-error';
import { viewEscalationSummary } from '../../../core/incidents/act-on-incident';
import type { Incident } from '../../../core/incidents/incident';
import { CONFIDENTIAL_LINE } from '../../../core/incidents/incident-words';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { LIMITS, context, escapeMrkdwn, escapeText, header, plain, verbatimSection } from '../views/block-kit';
import { caseActionToken, parseCaseActionToken } from '../views/incident-token';
import type { InputBlock, KnownBlock, ModalView } from '../views/slack-types';
import { noticeModal } from '../views/wizard-modal';
import { type ButtonBody, onButtons, tell } from './escalation-actions';
import { onCaseFileFormSubmission } from './form-submission';

const VALUE = 'value';

function text(blockId: keyof typeof CUSTODY_FIELDS, label: string, optional = false, initial?: string, multiline = false): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, LIMITS.inputLabel),
    optional,
    element: { type: 'plain_text_input', action_id: VALUE, multiline, max_length: CUSTODY_FIELDS[blockId], ...(initial && { initial_value: initial }) },
  };
}

/** The custody form as a modal; block ids are core's field ids, so its errors go back beside each field. */
export function custodyModal(incident: Incident, actor: Actor, now: { date: string; time: string }): ModalView {
  const blocks: KnownBlock[] = [
    context(`:lock: ${escapeMrkdwn(CONFIDENTIAL_LINE)}`),
    header('Record device custody'),
    verbatimSection(`*${escapeMrkdwn(incident.reference)}*`),
    verbatimSection('Who took the seized device, from whom or where, to whom it went, and when. Each entry is kept in the custody log and the chronology.'),
    text('device', 'Which device (make, colour, asset number)'),
    text('takenBy', 'Taken by', false, actor.name),
    text('from', 'Taken from (whom or where)'),
    text('to', 'Handed to (whom, or where it is locked away)'),
    { type: 'input', block_id: 'date', label: plain('Day', LIMITS.inputLabel), element: { type: 'datepicker', action_id: VALUE, initial_date: now.date } },
    { type: 'input', block_id: 'time', label: plain('Time', LIMITS.inputLabel), optional: true, element: { type: 'timepicker', action_id: VALUE, initial_time: now.time.slice(0, 5) } },
    text('note', 'Anything to add (optional): sealed bag number, its state, who was present', true, undefined, true),
  ];
  return {
    type: 'modal',
    callback_id: CUSTODY_ACTIONS.save,
    private_metadata: caseActionToken({ schoolId: incident.schoolId, incidentId: incident.id }),
    title: plain('Device custody', LIMITS.viewTitle),
    submit: plain('Save', LIMITS.viewButton),
    close: plain('Back', LIMITS.viewButton),
    blocks,
  };
}

type StateValue = { value?: string | null; selected_date?: string | null; selected_time?: string | null };

function custodyValues(state: unknown): Record<string, string> {
  const blocks = (state as { values?: Record<string, Record<string, StateValue>> } | undefined)?.values ?? {};
  const out: Record<string, string> = {};
  for (const [id, actions] of Object.entries(blocks)) {
    const v = actions?.[VALUE];
    const value = v?.value ?? v?.selected_date ?? v?.selected_time;
    if (typeof value === 'string') out[id] = value.slice(0, 2001);
  }
  return out;
}

/** A word back inside the record (pushed on top) or beside the message. */
async function say(client: webApi.WebClient, body: ButtonBody, title: string, line: string): Promise<void> {
  if (body.view?.type === 'modal') await client.views.push({ trigger_id: body.trigger_id, view: noticeModal(title, [line], 'Online safety') });
  else await tell(client, body, title, line);
}

async function press(ctx: SlackContext, client: webApi.WebClient, body: ButtonBody, actor: Actor): Promise<void> {
  const action = body.actions?.[0]?.action_id ?? '';
  const token = parseCaseActionToken(body.actions?.[0]?.value);
  if (!token) return say(client, body, 'Nothing was changed', "This button's details were not recognised.");
  const ref = { schoolId: token.schoolId, incidentId: token.incidentId };
  try {
    if (action === EVIDENCE_ACTIONS.open) {
      if (!token.ref) return say(client, body, 'Nothing was changed', "This button's details were not recognised.");
      const link = await issueEvidenceLink(ctx.deps, actor, { ...ref, evidenceId: token.ref });
      // To the person's own DM with the app (a user id as the channel), never where anyone else can see it.
      await client.chat.postMessage({
        channel: body.user.id,
        // No preview: Slack would fetch the link itself (the route only spends it on its button's POST anyway).
        unfurl_links: false,
        unfurl_media: false,
        text: `<${link.url}|Open ${escapeText(link.record.fileName.replace(/[<>|]/g, ''))}>\nThe link works once, for the next ${link.minutes} minutes, and opening it is recorded. Do not forward it.`,
      });
      return say(client, body, 'Evidence', 'I have sent you a link to the file in our direct messages.');
    }
    if (action === EVIDENCE_ACTIONS.how) {
      const incident = await viewEscalationSummary(ctx.deps, actor, ref);
      return say(client, body, 'Add evidence', howToAddEvidence(incident.reference).replace('in this chat', 'in our direct messages'));
    }
    const incident = await openCustodyForm(ctx.deps, actor, ref);
    const school = findSchool(ctx.deps.pack, incident.schoolId);
    const form = custodyModal(incident, actor, localTime(ctx.deps.clock.now(), school?.timeZone));
    if (body.view?.type === 'modal') await client.views.push({ trigger_id: body.trigger_id, view: form });
    else await client.views.open({ trigger_id: body.trigger_id, view: form });
  } catch (error) {
    if (body.view?.type !== 'modal') throw error;
    await say(client, body, 'Nothing was changed', explainError(error, ctx.logger, 'slack.evidence'));
  }
}

/** The evidence and custody buttons, and the custody form's submission. */
export function registerEvidenceActions(app: App, ctx: SlackContext): void {
  onButtons(app, ctx, [EVIDENCE_ACTIONS.open, EVIDENCE_ACTIONS.how, CUSTODY_ACTIONS.form], 'slack.evidence', (client, b, actor) => press(ctx, client, b, actor));

  onCaseFileFormSubmission(app, ctx, {
    callbackId: CUSTODY_ACTIONS.save,
    parse: parseCaseActionToken,
    save: (actor, token, state) => recordCustody(ctx.deps, actor, { schoolId: token.schoolId, incidentId: token.incidentId, values: custodyValues(state) }),
    logAs: 'slack.custody',
    saved: { title: 'Saved', line: 'The custody entry is saved in the record.' },
  });
}
