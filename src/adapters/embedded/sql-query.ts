/**
 * Turns a port `Query` into one SQL statement over a collection's table, with Cosmos DB's semantics
 * (as the Cosmos adapter has them): a comparison between different JSON types, or with a missing
 * field, never matches (this includes `!=`); ORDER BY sorts mixed types as missing < null < boolean <
 * number < string < array < object, ties in the order documents were first written. Values are always
 * bound parameters; field paths are checked against a strict pattern before they become JSON paths.
 */
import type { Condition, Query } from '../../ports/document-store';

/** Same field-path rule as the Cosmos adapter, so a query valid here is valid there. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Thrown for a malformed query (bad field path, operator, value or limit). */
export class InvalidQueryError extends Error {
  readonly code = 'invalid-query';
}

type Scalar = string | number | boolean | null;
type Param = string | number;

/** A statement and its parameters. */
export interface Sql {
  sql: string;
  params: Param[];
}

function jsonPath(field: unknown): string {
  if (typeof field !== 'string' || !FIELD_PATH.test(field)) throw new InvalidQueryError(`invalid field path: ${JSON.stringify(field)}`);
  return `'$.${field}'`;
}

function checkScalar(c: Condition, v: unknown): asserts v is Scalar {
  const ok = v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  if (!ok) throw new InvalidQueryError(`invalid value for ${c.field} ${c.op}: ${JSON.stringify(v)}`);
}

/** `field op value`, true only when the field holds a value of the same JSON type. */
function compare(path: string, op: string, value: Scalar, params: Param[]): string {
  const type = `json_type(body, ${path})`;
  const extract = `json_extract(body, ${path})`;
  if (value === null) return op === '=' || op === '<=' || op === '>=' ? `${type} = 'null'` : '0';
  if (typeof value === 'boolean') {
    params.push(value ? 1 : 0);
    return `(${type} IN ('true', 'false') AND ${extract} ${op} ?)`;
  }
  params.push(value);
  return typeof value === 'number' ? `(${type} IN ('integer', 'real') AND ${extract} ${op} ?)` : `(${type} = 'text' AND ${extract} ${op} ?)`;
}

/** `field in (values)`: one `IN` list per JSON type among the values, so an index on (type, value) serves it. */
function inList(path: string, values: Scalar[], params: Param[]): string {
  const type = `json_type(body, ${path})`;
  const extract = `json_extract(body, ${path})`;
  const groups: string[] = [];
  const strings = values.filter((v): v is string => typeof v === 'string');
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const booleans = values.filter((v): v is boolean => typeof v === 'boolean');
  const list = (vs: Param[]) => {
    params.push(...vs);
    return vs.map(() => '?').join(', ');
  };
  if (strings.length) groups.push(`(${type} = 'text' AND ${extract} IN (${list(strings)}))`);
  if (numbers.length) groups.push(`(${type} IN ('integer', 'real') AND ${extract} IN (${list(numbers)}))`);
  if (booleans.length) groups.push(`(${type} IN ('true', 'false') AND ${extract} IN (${list(booleans.map((b) => (b ? 1 : 0)))}))`);
  if (values.includes(null)) groups.push(`${type} = 'null'`);
  return groups.length ? `(${groups.join(' OR ')})` : '0';
}

function condition(c: Condition, params: Param[]): string {
  const path = jsonPath(c.field);
  if (c.op === 'in') {
    if (!Array.isArray(c.value)) throw new InvalidQueryError(`'in' on ${c.field} needs an array`);
    const values = c.value as unknown[];
    values.forEach((v) => checkScalar(c, v));
    return inList(path, values as Scalar[], params);
  }
  if (!COMPARISONS.has(c.op)) throw new InvalidQueryError(`unsupported operator: ${JSON.stringify(c.op)}`);
  checkScalar(c, c.value);
  return compare(path, c.op, c.value, params);
}

function orderBy(query: Query): string {
  const { orderBy: order } = query;
  // Without an order, rows come as the index that finds them yields them (as on Cosmos: no order promised).
  if (!order) return '';
  if (order.direction !== 'asc' && order.direction !== 'desc') throw new InvalidQueryError(`invalid sort direction: ${JSON.stringify(order.direction)}`);
  const path = jsonPath(order.field);
  const type = `json_type(body, ${path})`;
  const rank = `CASE WHEN ${type} IS NULL THEN 0 WHEN ${type} = 'null' THEN 1 WHEN ${type} IN ('true', 'false') THEN 2 WHEN ${type} IN ('integer', 'real') THEN 3 WHEN ${type} = 'text' THEN 4 WHEN ${type} = 'array' THEN 5 ELSE 6 END`;
  // Arrays and objects of one rank compare equal, as Cosmos hashes them.
  const value = `CASE WHEN ${type} IN ('array', 'object') THEN NULL ELSE json_extract(body, ${path}) END`;
  const dir = order.direction === 'desc' ? 'DESC' : 'ASC';
  return `ORDER BY ${rank} ${dir}, ${value} ${dir}, rowid`;
}

function whereClause(query: Query, params: Param[]): string {
  if (query.schoolId !== undefined && typeof query.schoolId !== 'string') throw new InvalidQueryError('schoolId must be a string');
  const parts: string[] = [];
  if (query.schoolId !== undefined) {
    parts.push('school_id = ?');
    params.push(query.schoolId);
  }
  if (query.where !== undefined && !Array.isArray(query.where)) throw new InvalidQueryError('where must be a list of conditions');
  for (const c of query.where ?? []) parts.push(condition(c, params));
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

function limitOf(query: Query): number | undefined {
  const { limit } = query;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new InvalidQueryError(`limit must be a non-negative integer, got ${String(limit)}`);
  return limit;
}

/** `SELECT etag, body` for a query over `table` (a collection name already checked). */
export function selectSql(table: string, query: Query): Sql {
  const params: Param[] = [];
  const where = whereClause(query, params);
  const order = orderBy(query);
  const limit = limitOf(query);
  if (limit !== undefined) params.push(limit);
  return { sql: `SELECT etag, body FROM "${table}" ${where} ${order}${limit !== undefined ? ' LIMIT ?' : ''}`, params };
}

/** `SELECT count(*)` for a query over `table`; a limit caps the count, as on Cosmos. */
export function countSql(table: string, query: Query): Sql {
  const params: Param[] = [];
  const where = whereClause(query, params);
  const limit = limitOf(query);
  if (query.orderBy) orderBy(query);
  if (limit === undefined) return { sql: `SELECT count(*) FROM "${table}" ${where}`, params };
  params.push(limit);
  return { sql: `SELECT count(*) FROM (SELECT 1 FROM "${table}" ${where} LIMIT ?)`, params };
}
