/**
 * The pupils section's forms (change a part, take a pupil off, add a pupil) as the `pupil-link-form`
 * card: core's `LinkFormView`, and after a refused save what was typed and what needs another look.
 * Drawn for the lead in their 1:1 chat only (it names the pupil), so it is never cached.
 */
import { Template } from 'adaptivecards-templating';
import form from '../../../../cards/pupil-link-form/teams.json';
import { LINK_INPUTS, type LinkFormView, MAX_LINK_REASON } from '../../../core/casefile/correct-links';
import { CONFIDENTIAL_LINE } from '../../../core/incidents/incident-words';

/** The card's data; `typed` and `errors` come back from a refused submission. */
export function pupilLinkFormData(view: LinkFormView, typed: Record<string, string> = {}, errors: Record<string, string> = {}) {
  const search = view.search;
  // "Add a pupil" asks for the part and the reason once a search has found someone to choose.
  const choosing = view.kind !== 'add' || Boolean(search?.matches.length);
  return {
    confidentialLine: CONFIDENTIAL_LINE,
    title: view.title,
    intro: view.intro.map((text) => ({ text })),
    errors: Object.values(errors).map((text) => ({ text })),
    hasSearch: Boolean(search),
    searchLabel: search?.label ?? '',
    query: search?.query ?? '',
    queryMaxLength: search?.maxLength ?? 60,
    searchButton: 'Search',
    hasNoMatches: Boolean(search?.noMatchesLine),
    noMatchesLine: search?.noMatchesLine ?? '',
    hasMatches: Boolean(search?.matches.length),
    matchLabel: 'Choose the pupil',
    matches: search?.matches ?? [],
    hasLinked: Boolean(view.linked?.length),
    linkedLabel: 'Which pupil',
    linkedValue: typed[LINK_INPUTS.linked] ?? '',
    linked: view.linked ?? [],
    hasParts: Boolean(view.parts) && choosing,
    partLabel: 'Their part',
    part: typed[LINK_INPUTS.part] ?? view.part ?? '',
    parts: view.parts ?? [],
    showSubmit: choosing,
    reasonLabel: view.reasonLabel,
    reasonMaxLength: MAX_LINK_REASON,
    reason: typed[LINK_INPUTS.reason] ?? '',
    submitLabel: view.submitLabel,
    backLabel: 'Back to the full record',
    schoolId: view.schoolId,
    incidentId: view.incidentId,
    ref: view.ref,
  };
}

const template = new Template(form);

// A `$when` that is false on an object property leaves `null` behind; Teams expects the key absent.
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

/** The form card for one lead. */
export function renderPupilLinkForm(view: LinkFormView, typed?: Record<string, string>, errors?: Record<string, string>): { type: 'AdaptiveCard' } & Record<string, unknown> {
  return withoutNulls(template.expand({ $root: pupilLinkFormData(view, typed, errors) })) as { type: 'AdaptiveCard' } & Record<string, unknown>;
}
