import type { ColumnType, EntityMetadata } from 'typeorm';

const INT_MAX = 2_147_483_647n;
const BIGINT_MAX = 9_223_372_036_854_775_807n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGITS = /^[1-9][0-9]{0,18}$/;

/** A positive integer id that fits a PostgreSQL `integer`, or null (`abc`, `0`, `1e3`, overflow). */
export function parseIntId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !DIGITS.test(raw) || BigInt(raw) > INT_MAX) return null;
  return Number(raw);
}

/**
 * Parses a route parameter for the entity's primary column, or null when it cannot name a row.
 * A malformed id is a 404, exactly like an unknown one: never a 500 from the database's cast.
 */
export function parseResourceId(meta: EntityMetadata, raw: unknown): string | number | null {
  const column = meta.primaryColumns[0];
  if (!column || typeof raw !== 'string') return null;
  const type: ColumnType = column.type;
  if (type === 'uuid') return UUID.test(raw) ? raw : null;
  if (type === 'bigint' || type === 'int8') {
    return DIGITS.test(raw) && BigInt(raw) <= BIGINT_MAX ? raw : null;
  }
  if (type === Number || type === 'int' || type === 'integer' || type === 'int4' || type === 'smallint') {
    return parseIntId(raw);
  }
  return raw.length > 0 && raw.length <= 255 ? raw : null;
}
