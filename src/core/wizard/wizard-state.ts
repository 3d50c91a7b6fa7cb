/** The state of one person's report in progress, stored so it survives a restart. */
import type { Doc } from '../../ports/document-store';
import type { ActorRef } from '../people/actor';
import type { FieldId } from '../policy/schema';

/** Where the wizard is. */
export type WizardStep =
  | { kind: 'triage' }
  | { kind: 'triage-question'; node: string }
  | { kind: 'immediate-risk' }
  | { kind: 'urgent-action' }
  | { kind: 'question'; questionId: string }
  /** A concern about a member of staff: do they hold one of the school's roles? */
  | { kind: 'subject-role' }
  | { kind: 'guidance' }
  /** Pupils from the school's register (only when the school has one and the procedure asks about pupils). */
  | { kind: 'pupils' }
  | { kind: 'details' }
  | { kind: 'checklist' }
  | { kind: 'review' };

/** Everything one step needs to restore on "Back". */
export interface WizardSnapshot {
  step: WizardStep;
  procedureId?: string;
  carried?: WizardState['carried'];
  answers: Record<string, string>;
  immediateRisk?: boolean;
  subjectRoles?: WizardState['subjectRoles'];
}

/** One report in progress (collection `wizards`), stored after every step. */
export interface WizardState extends Doc {
  id: string;
  schoolId: string;
  reporter: ActorRef;
  packVersion: string;
  status: 'open' | 'submitted' | 'cancelled';
  step: WizardStep;
  history: WizardSnapshot[];
  procedureId?: string;
  /** Answers to the procedure's branching questions, by question id. */
  answers: Record<string, string>;
  /** What the answer that switched procedure said (e.g. "it is the head"), kept for the new one. */
  carried?: { subject?: import('../policy/schema').Subject; safeguarding?: boolean; urgent?: boolean };
  /** For a concern about a member of staff: the school roles the reporter said they hold (`[]`: none). */
  subjectRoles?: import('../policy/schema').RoleKey[] | 'not-sure';
  /** undefined until asked; true when the reporter said a child may be in immediate danger. */
  immediateRisk?: boolean;
  /** Set when the reporter began from "A child is in danger right now". */
  dangerFirst?: boolean;
  fields: Partial<Record<FieldId, string>>;
  /** Pupils chosen from the register: ids and parts only, never names (kept on "Back"). */
  pupils?: import('./pupil-step').ChosenPupil[];
  /** Whether the school had current pupils on its register when the report was started (read once, not on every step). */
  registerInUse?: boolean;
  checklistConfirmed: boolean;
  /** Reserved on first submit so a retried submission reuses it. */
  reference?: string;
  incidentId?: string;
  /** Bumped on every change; cards carry it so a stale card cannot act twice. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** What the person did on the current step. Values come from the card or modal and are untrusted. */
export interface WizardInput {
  action: 'next' | 'back' | 'cancel' | 'submit';
  values?: Record<string, unknown>;
}
