/**
 * The full record's "Pupils" section: each pupil from the register linked to the incident, with their
 * part ("Sam Carter (Year 5, 5C): Harmed or at risk"); a pupil taken off is not listed as current. The
 * incident's leads get the buttons to change a part, take a pupil off and add one, and, for an incident
 * naming one pupil, to open that pupil's file.
 * Built only for someone `readFullRecord` has let read the record, which is shown in their 1:1 chat or a
 * private modal, never in a channel.
 */
import { mayLead } from '../assignments/who-may';
import { isOpen } from '../incidents/incident';
import { PUPIL_PART_WORDS } from '../people/pupil-part';
import type { Pupil } from '../pupils/pupil-record';
import { displayNameOf } from '../pupils/pupil-record';
import { PUPIL_LINK_ACTIONS, linksOf, pupilWords } from './correct-links';
import type { CaseSection, CaseSectionAction, SectionBuilder } from './record-sections';

/** The section's id on the full record. */
export const PUPILS_SECTION_ID = 'pupils';
/** The button that opens a pupil's file (built in `open-child-file.ts`); its `ref` is the pupil's register id. */
export const PUPIL_FILE_OPEN = 'pupil-file-open';

/** The pupils section: lines for every reader, and for the incident's leads the correction buttons and "Add a pupil". */
export const pupilsSection: SectionBuilder = async (deps, school, incident, actor) => {
  const links = (await linksOf(deps, incident.schoolId, incident.id)).filter((l) => !l.removedAt).sort((a, b) => a.linkedAt.localeCompare(b.linkedAt) || a.id.localeCompare(b.id));
  const registered = links.length > 0 || (await deps.store.query<Pupil>('pupils', { schoolId: incident.schoolId, limit: 1 })).length > 0;
  // A school without a register, on an incident that links nobody: nothing to show or offer.
  if (!registered) return undefined;
  const pupils = await Promise.all(links.map((l) => deps.store.get<Pupil>('pupils', incident.schoolId, l.pupilId)));
  const lead = mayLead(deps.pack, school, incident, actor);
  const actions: CaseSectionAction[] = [];
  if (lead) {
    // Cards and Slack draw a section's buttons in one row (Teams takes five, Slack one of each id per row):
    // one pupil gets buttons of their own; with several, each form asks which pupil.
    const only = links.length === 1 ? links[0] : undefined;
    const pupil = only ? pupils[0] : undefined;
    const name = pupil ? displayNameOf(pupil) : 'this pupil';
    if (only && pupil) actions.push({ action: PUPIL_FILE_OPEN, label: `Open ${name}'s file`, ref: only.pupilId });
    if (isOpen(incident)) {
      if (only)
        actions.push({ action: PUPIL_LINK_ACTIONS.change, label: `Change part: ${name}`, ref: only.pupilId }, { action: PUPIL_LINK_ACTIONS.remove, label: `Remove: ${name}`, ref: only.pupilId });
      else if (links.length) actions.push({ action: PUPIL_LINK_ACTIONS.change, label: 'Change a part' }, { action: PUPIL_LINK_ACTIONS.remove, label: 'Remove a pupil' });
      actions.push({ action: PUPIL_LINK_ACTIONS.add, label: 'Add a pupil' });
    }
  }
  const section: CaseSection = {
    id: PUPILS_SECTION_ID,
    heading: 'Pupils',
    lines: links.map((link, i) => ({ text: `${pupilWords(pupils[i] ?? undefined)}: ${PUPIL_PART_WORDS[link.part]}` })),
    emptyLine: 'No pupils from the register are linked yet.',
    actions,
  };
  return section;
};
