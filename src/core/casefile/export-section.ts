/**
 * The full record's "For a police or LADO request" section: for the incident's leads, one button that
 * makes this incident's record as a PDF (this incident only, its pupils named only by their part), the
 * same as typing `export ES-…`. Nobody else sees it; the export itself checks again and is audited.
 */
import { mayLead } from '../assignments/who-may';
import type { SectionBuilder } from './record-sections';

/** The button's id (the Teams verb and the Slack action_id). */
export const INCIDENT_EXPORT_ACTION = 'incident-export';

/** The section, for a lead of the incident only. */
export const exportSection: SectionBuilder = async (deps, school, incident, actor) => {
  if (!mayLead(deps.pack, school, incident, actor)) return undefined;
  return {
    id: 'export',
    heading: 'For a police or LADO request',
    lines: [
      { text: `A PDF of ${incident.reference} only: its pupils are named only by their part. Check the written accounts for names before you send it, securely, to the requesting officer only.` },
    ],
    actions: [{ action: INCIDENT_EXPORT_ACTION, label: 'Export as PDF' }],
  };
};
