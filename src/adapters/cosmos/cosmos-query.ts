/**
 * Turns a port `Query` into Cosmos SQL. Values only ever travel as parameters (`@p0`, …);
 * field names are checked against a strict pattern and quoted, so nothing a caller passes can
 * change the shape of the query.
 */
import type { SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import type { Condition, Query } from '../../ports/document-store';

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Thrown for a query the adapter refuses to build (bad field path, operator or limit). */
export class InvalidQueryError extends Error {
  readonly code = 'invalid-query';
}

/**
 * `a.b` → `c["a"]["b"]`. Bracket form because several plausible field names (`value`, `order`,
 * `select`…) are reserved words in Cosmos SQL and fail in dot form.
 */
export function fieldRef(field: string): string {
  if (!FIELD_PATH.test(field)) throw new InvalidQueryError(`invalid field path: ${JSON.stringify(field)}`);
  return `c${field
    .split('.')
    .map((part) => `["${part}"]`)
    .join('')}`;
}

class Params {
  readonly list: SqlParameter[] = [];
  add(value: SqlParameter['value']): string {
    const name = `@p${this.list.length}`;
    this.list.push({ name, value });
    return name;
  }
}

function conditionSql(cond: Condition, params: Params): string {
  const ref = fieldRef(cond.field);
  if (cond.op === 'in') {
    if (!Array.isArray(cond.value)) throw new InvalidQueryError(`'in' on ${cond.field} needs an array`);
    return `ARRAY_CONTAINS(${params.add(cond.value)}, ${ref})`;
  }
  if (!COMPARISONS.has(cond.op)) throw new InvalidQueryError(`unsupported operator: ${JSON.stringify(cond.op)}`);
  return `${ref} ${cond.op} ${params.add(cond.value)}`;
}

function whereSql(query: Query, params: Params): string {
  const parts: string[] = [];
  // Also filtered in text, so correctness never rests on the partition-key header alone.
  if (query.schoolId !== undefined) parts.push(`c["schoolId"] = ${params.add(query.schoolId)}`);
  for (const cond of query.where ?? []) parts.push(conditionSql(cond, params));
  return parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : '';
}

export function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new InvalidQueryError(`limit must be a non-negative integer, got ${String(limit)}`);
  }
}

/**
 * `SELECT [TOP @n] * … [ORDER BY …]` for `query`. TOP rather than `OFFSET 0 LIMIT`: both are
 * parameterisable in Cosmos, but the in-process test server only understands TOP.
 */
export function buildSelect(query: Query): SqlQuerySpec {
  checkLimit(query.limit);
  const params = new Params();
  const top = query.limit !== undefined ? `TOP ${params.add(query.limit)} ` : '';
  let text = `SELECT ${top}* FROM c${whereSql(query, params)}`;
  if (query.orderBy) {
    const { field, direction } = query.orderBy;
    if (direction !== 'asc' && direction !== 'desc') {
      throw new InvalidQueryError(`invalid sort direction: ${JSON.stringify(direction)}`);
    }
    text += ` ORDER BY ${fieldRef(field)} ${direction === 'asc' ? 'ASC' : 'DESC'}`;
  }
  return { query: text, parameters: params.list };
}

/** `SELECT VALUE COUNT(1) …` for `query`; ordering and limit do not change a count (limit is applied by the caller). */
export function buildCount(query: Query): SqlQuerySpec {
  checkLimit(query.limit);
  const params = new Params();
  const text = `SELECT VALUE COUNT(1) FROM c${whereSql(query, params)}`;
  return { query: text, parameters: params.list };
}
