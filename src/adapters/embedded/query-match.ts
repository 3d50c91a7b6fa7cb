/**
 * Evaluates a port `Query` in memory with Cosmos DB's semantics: a comparison between different
 * JSON types, or with a missing field, is undefined and so never matches (this includes `!=`);
 * ORDER BY sorts mixed types as undefined < null < boolean < number < string < array < object.
 */
import type { Condition, Query } from '../../ports/document-store';

/** Same field-path rule as the Cosmos adapter, so a query valid here is valid there. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const OPS = new Set(['=', '!=', '<', '<=', '>', '>=', 'in']);

/** Thrown for a malformed query (bad field path, operator, value or limit). */
export class InvalidQueryError extends Error {
  readonly code = 'invalid-query';
}

type Doc = Readonly<Record<string, unknown>>;

/** A query checked once and turned into functions over documents. */
export interface CompiledQuery {
  matches(doc: Doc): boolean;
  /** Present when the query has an orderBy. */
  sortKey?: (doc: Doc) => unknown;
  descending: boolean;
  limit?: number;
}

function compilePath(field: unknown): (doc: Doc) => unknown {
  if (typeof field !== 'string' || !FIELD_PATH.test(field)) throw new InvalidQueryError(`invalid field path: ${JSON.stringify(field)}`);
  const parts = field.split('.');
  return (doc) => {
    let v: unknown = doc;
    for (const p of parts) {
      if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, p)) return undefined;
      v = (v as Record<string, unknown>)[p];
    }
    return v;
  };
}

function typeRank(v: unknown): number {
  if (v === undefined) return 0;
  if (v === null) return 1;
  if (typeof v === 'boolean') return 2;
  if (typeof v === 'number') return 3;
  if (typeof v === 'string') return 4;
  return Array.isArray(v) ? 5 : 6;
}

/** Orders two values of the same scalar type; arrays and objects compare equal (Cosmos hashes them). */
function compareSame(a: unknown, b: unknown): number {
  if (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') {
    return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  }
  return 0;
}

/** Sort order over any two JSON values. */
export function compareValues(a: unknown, b: unknown): number {
  return typeRank(a) - typeRank(b) || compareSame(a, b);
}

/** True only when both are comparable scalars of one type (null counts as its own type). */
function comparable(a: unknown, b: unknown): boolean {
  const rank = typeRank(a);
  return rank >= 1 && rank <= 4 && rank === typeRank(b);
}

function checkScalar(c: Condition, v: unknown): void {
  const ok = v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  if (!ok) throw new InvalidQueryError(`invalid value for ${c.field} ${c.op}: ${JSON.stringify(v)}`);
}

function compileCondition(c: Condition): (doc: Doc) => boolean {
  const read = compilePath(c.field);
  if (!OPS.has(c.op)) throw new InvalidQueryError(`unsupported operator: ${JSON.stringify(c.op)}`);
  if (c.op === 'in') {
    if (!Array.isArray(c.value)) throw new InvalidQueryError(`'in' on ${c.field} needs an array`);
    const values = c.value;
    values.forEach((v) => checkScalar(c, v));
    return (doc) => {
      const v = read(doc);
      return values.some((x) => comparable(v, x) && compareSame(v, x) === 0);
    };
  }
  const { op, value } = c;
  checkScalar(c, value);
  return (doc) => {
    const v = read(doc);
    if (!comparable(v, value)) return false;
    const cmp = compareSame(v, value);
    switch (op) {
      case '=': return cmp === 0;
      case '!=': return cmp !== 0;
      case '<': return cmp < 0;
      case '<=': return cmp <= 0;
      case '>': return cmp > 0;
      default: return cmp >= 0;
    }
  };
}

/** Validates `query` (throws `InvalidQueryError`) and compiles it. */
export function compileQuery(query: Query): CompiledQuery {
  const { limit, orderBy } = query;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new InvalidQueryError(`limit must be a non-negative integer, got ${String(limit)}`);
  }
  if (query.schoolId !== undefined && typeof query.schoolId !== 'string') throw new InvalidQueryError('schoolId must be a string');
  const conditions = (query.where ?? []).map(compileCondition);
  if (orderBy && orderBy.direction !== 'asc' && orderBy.direction !== 'desc') {
    throw new InvalidQueryError(`invalid sort direction: ${JSON.stringify(orderBy.direction)}`);
  }
  return {
    matches: (doc) => conditions.every((cond) => cond(doc)),
    sortKey: orderBy ? compilePath(orderBy.field) : undefined,
    descending: orderBy?.direction === 'desc',
    limit,
  };
}
