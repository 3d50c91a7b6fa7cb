/** The incident's routing is its plan of assignments: see `core/assignments/plan-assignments.ts`. */
export type { AssignmentPlan as Routing } from '../assignments/assignment-plan';
