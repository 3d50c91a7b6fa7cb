/**
 * The case file's parts of an incident's full record: its pupils, what was decided, who it is shared
 * with, its evidence and device custody. Each part is built by its own module from the store (links,
 * evidence and so on live outside the incident document) and listed in `section-builders.ts`; the platforms
 * draw every section the same way: a heading, its lines, and its buttons. Built only for someone
 * `readFullRecord` has already let read the record (and audited).
 */
import type { CoreDeps } from '../deps';
import type { Incident } from '../incidents/incident';
import type { Actor } from '../people/actor';
import type { School } from '../policy/schema';
import { SECTION_BUILDERS } from './section-builders';

/** A button under a section: `action` is the Teams verb and the Slack action_id; `ref` an opaque id within the incident (a link, a share, a file). */
export interface CaseSectionAction {
  action: string;
  label: string;
  ref?: string;
}

/** One part of the full record, in words, with what may be done from it. */
export interface CaseSection {
  id: string;
  heading: string;
  lines: Array<{ text: string; detail?: string }>;
  /** What to say when there are no lines ("No pupils from the register are linked yet."). */
  emptyLine?: string;
  actions: CaseSectionAction[];
}

/** Builds one section for a permitted reader, or nothing when it has nothing to show or offer them. */
export type SectionBuilder = (deps: CoreDeps, school: School, incident: Incident, actor: Actor) => Promise<CaseSection | undefined>;

/** Every case-file section of the record for this reader, in order (a builder that fails is left out rather than hiding the record). */
export async function caseSectionsFor(deps: CoreDeps, school: School, incident: Incident, actor: Actor): Promise<CaseSection[]> {
  const sections = await Promise.all(SECTION_BUILDERS.map((build) => build(deps, school, incident, actor)));
  return sections.filter((s): s is CaseSection => Boolean(s));
}
