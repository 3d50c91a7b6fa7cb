/**
 * The opaque references Slack carries for us: `schoolId/incidentId` on escalation buttons and forms,
 * `schoolId/incidentId/taskId` on task buttons and the "not needed" form, and `wizardId.revision` in a
 * wizard modal's `private_metadata`. Parsed with zod; anything else is refused (an incident token is not
 * a task token, nor the other way round). Only ids travel: the incident and the wizard are always loaded
 * from the store and the actor checked.
 */
import { z } from 'zod';

const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9:_-]+$/);

export interface IncidentRef {
  schoolId: string;
  incidentId: string;
}

export function incidentToken(ref: IncidentRef): string {
  return `${ref.schoolId}/${ref.incidentId}`;
}

export function parseIncidentToken(token: unknown): IncidentRef | undefined {
  if (typeof token !== 'string') return undefined;
  const [schoolId, incidentId, extra] = token.split('/');
  const parsed = z.object({ schoolId: id, incidentId: id }).safeParse({ schoolId, incidentId });
  return parsed.success && extra === undefined ? parsed.data : undefined;
}

export interface TaskRef extends IncidentRef {
  taskId: string;
}

export function taskToken(ref: TaskRef): string {
  return `${ref.schoolId}/${ref.incidentId}/${ref.taskId}`;
}

export function parseTaskToken(token: unknown): TaskRef | undefined {
  if (typeof token !== 'string') return undefined;
  const [schoolId, incidentId, taskId, extra] = token.split('/');
  const parsed = z.object({ schoolId: id, incidentId: id, taskId: id }).safeParse({ schoolId, incidentId, taskId });
  return parsed.success && extra === undefined ? parsed.data : undefined;
}

export function wizardToken(wizardId: string, revision: number): string {
  return `${wizardId}.${revision}`;
}

export function parseWizardToken(token: unknown): { wizardId: string; revision: number } | undefined {
  if (typeof token !== 'string') return undefined;
  const match = /^([A-Za-z0-9:_-]{1,100})\.(\d{1,9})$/.exec(token);
  return match ? { wizardId: match[1] as string, revision: Number(match[2]) } : undefined;
}

/** A case-file button's reference: the incident, and optionally one id within it (a link, a share, a file). */
export interface CaseActionRef extends IncidentRef {
  ref?: string;
}

/** `schoolId/incidentId` or `schoolId/incidentId/ref`, for a case-file section's button. */
export function caseActionToken(ref: CaseActionRef): string {
  return ref.ref ? `${ref.schoolId}/${ref.incidentId}/${ref.ref}` : incidentToken(ref);
}

/** Reads a case-file button's reference (the `ref` may hold `:` but never `/`). */
export function parseCaseActionToken(token: unknown): CaseActionRef | undefined {
  if (typeof token !== 'string') return undefined;
  const [schoolId, incidentId, ref, extra] = token.split('/');
  const parsed = z.object({ schoolId: id, incidentId: id, ref: id.optional() }).safeParse({ schoolId, incidentId, ref });
  return parsed.success && extra === undefined ? parsed.data : undefined;
}
