/**
 * Correcting which pupils an incident names: a lead of the incident changes a pupil's part, takes a
 * pupil off, or adds one from the register, always with a reason. Only the incident's leads may
 * (`mayLead`); anyone else is refused and audited. A link is never deleted: its `history` keeps what it
 * was, who changed it, when and why. Each change is an etag-checked write of the link, then a line in
 * the incident's chronology (no names: "A pupil's part changed from Witness to Instigator") as the
 * durable write, then the audit (codes only). Bad or tampered values change nothing.
 */
import type { Stored } from '../../ports/document-store';
import { mayLead } from '../assignments/who-may';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { DomainError, InvalidInputError, NotFoundError, NotPermittedError } from '../errors';
import { queueCardUpdate } from '../incidents/act-on-incident';
import { type Incident, isOpen } from '../incidents/incident';
import { reloadAfterLostRace } from '../incidents/write-conflicts';
import { type Actor, actorRef } from '../people/actor';
import { PUPIL_PARTS, PUPIL_PART_WORDS, type PupilPart, isPupilPart } from '../people/pupil-part';
import { findSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import { findPupils } from '../pupils/find-pupils';
import { type PupilLink, type PupilLinkChange, linkIdFor } from '../pupils/pupil-link';
import { type Pupil, displayNameOf } from '../pupils/pupil-record';
import { MAX_PUPIL_QUERY, PUPIL_MATCH_LIMIT, type PupilInfo, pupilLabel } from '../wizard/pupil-step';

/** The buttons and form submissions of the pupils section (the Teams verb and the Slack action_id). */
export const PUPIL_LINK_ACTIONS = {
  change: 'pupil-link-change',
  remove: 'pupil-link-remove',
  add: 'pupil-link-add',
  /** The "Add a pupil" form's search (Teams: a button; Slack: the external select's options). */
  search: 'pupil-link-search',
  /** Every form's submit. */
  save: 'pupil-link-save',
} as const;

/** What a correction does. */
export type LinkCorrection = 'change' | 'remove' | 'add';

/** The longest reason kept. */
export const MAX_LINK_REASON = 1000;

/** The form's input ids. */
export const LINK_INPUTS = { part: 'part', reason: 'reason', query: 'pupilQuery', match: 'pupilMatch', linked: 'linkedPupil' } as const;

/** A correction form in words: for the lead's 1:1 card or private modal only (it names the pupil). */
export interface LinkFormView {
  schoolId: string;
  incidentId: string;
  reference: string;
  kind: LinkCorrection;
  /** What the form's submit carries as `ref`: `change:<pupil id>`, `remove:<pupil id>`, `change` or `remove` (the pupil chosen on the form) or `add`. */
  ref: string;
  title: string;
  intro: string[];
  /** The part choice (change and add), with the current part chosen. */
  parts?: Array<{ value: PupilPart; label: string }>;
  part?: PupilPart;
  /** Change or remove opened for the incident rather than one pupil: the pupils on it to choose from. */
  linked?: Array<{ value: string; label: string }>;
  /** On "Add a pupil": the search box, what it found, and whether it ran. */
  search?: { label: string; query: string; maxLength: number; searched: boolean; matches: Array<{ value: string; label: string }>; noMatchesLine?: string };
  reasonLabel: string;
  submitLabel: string;
}

/** A form submission or a button's press: only the ids are trusted, and only after loading the incident. */
export interface LinkRequest {
  schoolId: string;
  incidentId: string;
  /** `change:<pupil id>`, `remove:<pupil id>`, `change`, `remove` or `add` (untrusted). */
  ref: unknown;
  /** Untrusted form values. */
  values?: Record<string, unknown>;
}

const BAD_FORM = "This form's details were not recognised, so nothing was changed.";

/** Reads `change:<id>`, `remove:<id>`, `change`, `remove` or `add`; anything else is a tampered form. */
export function parseLinkRef(ref: unknown): { kind: LinkCorrection; pupilId?: string } | undefined {
  if (typeof ref !== 'string' || ref.length > 140) return undefined;
  if (ref === 'add' || ref === 'change' || ref === 'remove') return { kind: ref };
  const match = /^(change|remove):([A-Za-z0-9:_-]{1,120})$/.exec(ref);
  return match ? { kind: match[1] as LinkCorrection, pupilId: match[2] as string } : undefined;
}

/** The links of one incident (one partition), current and removed. */
export async function linksOf(deps: CoreDeps, schoolId: string, incidentId: string): Promise<Array<Stored<PupilLink>>> {
  return deps.store.query<PupilLink>('links', { schoolId, where: [{ field: 'incidentId', op: '=', value: incidentId }] });
}

/** A register entry as the lead sees it ("Sam Carter (Year 5, 5C)"), or a plain phrase when it is gone. */
export function pupilWords(pupil: Pupil | undefined): string {
  if (!pupil) return 'A pupil no longer on the register';
  const info: PupilInfo = { id: pupil.id, displayName: displayNameOf(pupil), yearGroup: pupil.yearGroup, registrationGroup: pupil.registrationGroup };
  return `${pupilLabel(info)}${pupil.status === 'left' ? ', left the school' : ''}`;
}

async function loadForLead(deps: CoreDeps, actor: Actor, schoolId: string, incidentId: string, kind: LinkCorrection): Promise<{ incident: Stored<Incident>; school: School }> {
  const school = findSchool(deps.pack, schoolId);
  const incident = school ? await deps.store.get<Incident>('incidents', schoolId, incidentId) : undefined;
  if (!school || !incident) throw new NotFoundError('incident');
  if (!mayLead(deps.pack, school, incident, actor)) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: `incident.pupil-link.${kind}`, outcome: 'refused', incidentId: incident.id });
    throw new NotPermittedError('correct the pupils on this incident');
  }
  if (!isOpen(incident)) throw new DomainError('already-closed', `${incident.reference} is closed. Reopen it first to correct its pupils.`);
  return { incident, school };
}

async function currentLink(deps: CoreDeps, incident: Incident, pupilId: string): Promise<Stored<PupilLink>> {
  const link = await deps.store.get<PupilLink>('links', incident.schoolId, linkIdFor(incident.id, pupilId));
  if (!link || link.removedAt) throw new NotFoundError('pupil on this incident');
  return link;
}

function partChoices(): Array<{ value: PupilPart; label: string }> {
  return PUPIL_PARTS.map((p) => ({ value: p, label: PUPIL_PART_WORDS[p] }));
}

/**
 * The form a section button opens (change a part, take a pupil off, add a pupil), for a lead of an open
 * incident; anyone else is refused and audited. On "Add a pupil", `query` searches the school's current
 * pupils (at most ten matches).
 */
export async function openLinkForm(deps: CoreDeps, actor: Actor, request: { schoolId: string; incidentId: string; action: string; ref?: unknown; query?: unknown }): Promise<LinkFormView> {
  const kinds: Record<string, LinkCorrection> = { [PUPIL_LINK_ACTIONS.change]: 'change', [PUPIL_LINK_ACTIONS.remove]: 'remove', [PUPIL_LINK_ACTIONS.add]: 'add', [PUPIL_LINK_ACTIONS.search]: 'add' };
  const kind = kinds[request.action];
  if (!kind) throw new DomainError('bad-form', BAD_FORM);
  const ref = typeof request.ref === 'string' && request.ref ? request.ref : undefined;
  if (kind !== 'add' && ref !== undefined && !/^[A-Za-z0-9:_-]{1,120}$/.test(ref)) throw new DomainError('bad-form', BAD_FORM);
  const pupilId = kind === 'add' ? undefined : ref;
  const { incident } = await loadForLead(deps, actor, request.schoolId, request.incidentId, kind);
  const base = { schoolId: incident.schoolId, incidentId: incident.id, reference: incident.reference, kind, reasonLabel: 'Why (kept in the record)' };
  if (kind === 'add') {
    const query = typeof request.query === 'string' ? request.query.trim() : '';
    if (query.length > MAX_PUPIL_QUERY) throw new InvalidInputError({ [LINK_INPUTS.query]: `Type at most ${MAX_PUPIL_QUERY} characters: part of a name or a class.` });
    const matches = query ? await findPupils(deps, incident.schoolId, query, PUPIL_MATCH_LIMIT) : [];
    return {
      ...base,
      ref: 'add',
      title: `Add a pupil to ${incident.reference}`,
      intro: ['Find the pupil on the register, say what their part is, and why they are being added.'],
      parts: partChoices(),
      search: {
        label: 'Type part of a name or a class',
        query,
        maxLength: MAX_PUPIL_QUERY,
        searched: Boolean(query),
        matches: matches.map((m) => ({ value: m.id, label: pupilLabel(m) })),
        ...(query && !matches.length && { noMatchesLine: 'No current pupil on the register matches that. Try fewer letters, or the class.' }),
      },
      submitLabel: 'Add',
    };
  }
  if (!pupilId) return chooseForm(deps, incident, base, kind);
  const link = await currentLink(deps, incident, pupilId);
  const who = pupilWords(await deps.store.get<Pupil>('pupils', incident.schoolId, link.pupilId));
  if (kind === 'change') {
    return {
      ...base,
      ref: `change:${link.pupilId}`,
      title: `Change a pupil's part in ${incident.reference}`,
      intro: [`${who}: now ${PUPIL_PART_WORDS[link.part]}.`],
      parts: partChoices(),
      part: link.part,
      submitLabel: 'Change part',
    };
  }
  return {
    ...base,
    ref: `remove:${link.pupilId}`,
    title: `Take a pupil off ${incident.reference}`,
    intro: [`${who}: ${PUPIL_PART_WORDS[link.part]}.`, 'They will no longer be listed on this incident or have it in their file. The record keeps that they were, with your reason.'],
    submitLabel: 'Remove',
  };
}

/** Change or remove for the incident as a whole (several pupils on it): the form asks which pupil. */
async function chooseForm(deps: CoreDeps, incident: Incident, base: Omit<LinkFormView, 'ref' | 'title' | 'intro' | 'submitLabel'>, kind: 'change' | 'remove'): Promise<LinkFormView> {
  const links = (await linksOf(deps, incident.schoolId, incident.id)).filter((l) => !l.removedAt).sort((a, b) => a.linkedAt.localeCompare(b.linkedAt) || a.id.localeCompare(b.id));
  if (!links.length) throw new NotFoundError('pupil on this incident');
  const pupils = await Promise.all(links.map((l) => deps.store.get<Pupil>('pupils', incident.schoolId, l.pupilId)));
  const linked = links.map((l, i) => ({ value: l.pupilId, label: `${pupilWords(pupils[i] ?? undefined)}: ${PUPIL_PART_WORDS[l.part]}` }));
  if (kind === 'change') {
    return {
      ...base,
      ref: 'change',
      title: `Change a pupil's part in ${incident.reference}`,
      intro: ['Choose the pupil and their new part.'],
      linked,
      parts: partChoices(),
      submitLabel: 'Change part',
    };
  }
  return {
    ...base,
    ref: 'remove',
    title: `Take a pupil off ${incident.reference}`,
    intro: ['Choose the pupil. They will no longer be listed on this incident or have it in their file. The record keeps that they were, with your reason.'],
    linked,
    submitLabel: 'Remove',
  };
}

/**
 * The school's current pupils matching `text`, for the lead adding a pupil as they type (Slack's external
 * select): the same check as the form, at most ten. Anything else finds nobody.
 */
export async function searchPupilsForLink(deps: CoreDeps, actor: Actor, request: { schoolId: string; incidentId: string; text: unknown }): Promise<PupilInfo[]> {
  const text = typeof request.text === 'string' ? request.text.trim() : '';
  const { incident } = await loadForLead(deps, actor, request.schoolId, request.incidentId, 'add');
  if (!text || text.length > MAX_PUPIL_QUERY) return [];
  return findPupils(deps, incident.schoolId, text, PUPIL_MATCH_LIMIT);
}

/** The pupil chosen on a form opened for the whole incident: one of its current links, or a message. */
async function chosenLink(deps: CoreDeps, incident: Incident, values: LinkRequest['values']): Promise<Stored<PupilLink>> {
  const raw = values?.[LINK_INPUTS.linked];
  const id = typeof raw === 'string' ? raw.trim() : '';
  const link = /^[A-Za-z0-9:_-]{1,120}$/.test(id) ? await deps.store.get<PupilLink>('links', incident.schoolId, linkIdFor(incident.id, id)) : undefined;
  if (!link || link.removedAt) throw new InvalidInputError({ [LINK_INPUTS.linked]: 'Please choose one of the pupils on this incident.' });
  return link;
}

function reasonOf(values: LinkRequest['values']): string {
  const raw = values?.[LINK_INPUTS.reason];
  const reason = typeof raw === 'string' ? raw.trim() : '';
  if (!reason) throw new InvalidInputError({ [LINK_INPUTS.reason]: 'Please say why: the reason is kept in the record.' });
  if (reason.length > MAX_LINK_REASON) throw new InvalidInputError({ [LINK_INPUTS.reason]: `Please keep the reason under ${MAX_LINK_REASON} characters.` });
  return reason;
}

function partOf(values: LinkRequest['values']): PupilPart {
  const part = values?.[LINK_INPUTS.part];
  if (!isPupilPart(part)) throw new InvalidInputError({ [LINK_INPUTS.part]: 'Please choose their part: harmed or at risk, instigator, witness or other.' });
  return part;
}

type Planned = { write: () => Promise<unknown>; action: string; detail: string; audit: string };

async function plan(deps: CoreDeps, actor: Actor, incident: Incident, kind: LinkCorrection, pupilId: string | undefined, values: LinkRequest['values']): Promise<Planned> {
  const now = deps.clock.now().toISOString();
  const by = actorRef(actor);
  const draft = { durability: 'draft' as const };
  if (kind === 'add') {
    const raw = values?.[LINK_INPUTS.match];
    const id = typeof raw === 'string' ? raw.trim() : '';
    const pupil = id && id.length <= 120 ? await deps.store.get<Pupil>('pupils', incident.schoolId, id) : undefined;
    if (pupil?.status !== 'current') {
      await recordAudit(deps, { schoolId: incident.schoolId, actor: by, action: 'incident.pupil-link.add', outcome: 'refused', incidentId: incident.id, detail: 'not-on-register' });
      throw new InvalidInputError({ [LINK_INPUTS.match]: "That pupil is not on this school's register, so nobody was added. Search again and choose from the matches." });
    }
    const part = partOf(values);
    const reason = reasonOf(values);
    const existing = await deps.store.get<PupilLink>('links', incident.schoolId, linkIdFor(incident.id, pupil.id));
    if (existing && !existing.removedAt) throw new InvalidInputError({ [LINK_INPUTS.match]: 'That pupil is already on this incident. Use "Change part" to change their part.' });
    const change: PupilLinkChange = { at: now, by, from: 'removed', to: part, reason };
    const detail = `A pupil from the register was added as ${PUPIL_PART_WORDS[part]}. Reason: ${reason}`;
    if (existing) {
      const { _etag, removedAt: _gone, ...doc } = existing;
      return {
        write: () => deps.store.replace<PupilLink>('links', { ...doc, part, history: [...doc.history, change] }, _etag, draft),
        action: 'pupil-link-added',
        detail,
        audit: `to=${part};returned`,
      };
    }
    const link: PupilLink = { id: linkIdFor(incident.id, pupil.id), schoolId: incident.schoolId, incidentId: incident.id, pupilId: pupil.id, part, linkedAt: now, linkedBy: by, history: [change] };
    return { write: () => deps.store.create<PupilLink>('links', link, draft), action: 'pupil-link-added', detail, audit: `to=${part}` };
  }
  const link = pupilId ? await currentLink(deps, incident, pupilId) : await chosenLink(deps, incident, values);
  const { _etag, ...doc } = link;
  if (kind === 'change') {
    const part = partOf(values);
    if (part === link.part) throw new InvalidInputError({ [LINK_INPUTS.part]: `Their part is already ${PUPIL_PART_WORDS[part]}. Choose a different part, or go back.` });
    const reason = reasonOf(values);
    const change: PupilLinkChange = { at: now, by, from: link.part, to: part, reason };
    return {
      write: () => deps.store.replace<PupilLink>('links', { ...doc, part, history: [...doc.history, change] }, _etag, draft),
      action: 'pupil-link-changed',
      detail: `A pupil's part changed from ${PUPIL_PART_WORDS[link.part]} to ${PUPIL_PART_WORDS[part]}. Reason: ${reason}`,
      audit: `from=${link.part};to=${part}`,
    };
  }
  const reason = reasonOf(values);
  const change: PupilLinkChange = { at: now, by, from: link.part, to: 'removed', reason };
  return {
    write: () => deps.store.replace<PupilLink>('links', { ...doc, removedAt: now, history: [...doc.history, change] }, _etag, draft),
    action: 'pupil-link-removed',
    detail: `A pupil (${PUPIL_PART_WORDS[link.part]}) was taken off this incident. Reason: ${reason}`,
    audit: `from=${link.part}`,
  };
}

/**
 * Applies one correction for a lead of the incident (anyone else is refused and audited). Throws
 * `InvalidInputError` (field by field) for a missing reason, a part not in the list, a pupil not on the
 * register or already linked; nothing is changed then. Resolves once the change is durable.
 */
export async function correctLink(deps: CoreDeps, actor: Actor, request: LinkRequest): Promise<Incident> {
  const parsed = parseLinkRef(request.ref);
  if (!parsed) throw new DomainError('bad-form', BAD_FORM);
  let { incident } = await loadForLead(deps, actor, request.schoolId, request.incidentId, parsed.kind);
  const planned = await plan(deps, actor, incident, parsed.kind, parsed.pupilId, request.values);
  await planned.write();
  const now = deps.clock.now();
  const entry = { at: now.toISOString(), by: actorRef(actor), action: planned.action, detail: planned.detail };
  for (let attempt = 0; ; attempt++) {
    const { _etag, ...doc } = incident;
    try {
      // Durable: the link written as a draft before it is on disk no later than this.
      const saved = await deps.store.replace<Incident>('incidents', { ...doc, chronology: [...doc.chronology, entry] }, _etag);
      await recordAudit(deps, { schoolId: saved.schoolId, actor: actorRef(actor), action: `incident.pupil-link.${parsed.kind}`, outcome: 'ok', incidentId: saved.id, detail: planned.audit });
      await queueCardUpdate(deps, saved, now);
      return saved;
    } catch (error) {
      incident = await reloadAfterLostRace(deps.store, error, attempt, incident);
    }
  }
}
