/** Classifies driver errors so that none of them surfaces as a 500. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
/** pg-pool's error for a checkout that waited out connectionTimeoutMillis in its queue. */
const POOL_WAIT_TIMEOUT = 'timeout exceeded when trying to connect';
const CONNECTION_MESSAGES = [
  'Connection terminated',
  POOL_WAIT_TIMEOUT,
  'Connection is not established',
  'Query read timeout',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
];

interface DriverError {
  code?: string;
  constraint?: string;
  message?: string;
  driverError?: DriverError;
}

const driverOf = (err: unknown): DriverError =>
  ((err as DriverError)?.driverError ?? (err as DriverError) ?? {}) as DriverError;

export function isConnectionError(err: unknown): boolean {
  const e = driverOf(err);
  const code = e.code ?? '';
  if (CONNECTION_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P03')
    return true;
  const message = `${e.message ?? ''} ${(err as Error)?.message ?? ''}`;
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}

/**
 * Waited too long for a pooled connection: the pool is busy (load, or a database that stalls
 * answering the pooled ones). Answered 503 like the others, but not by itself evidence that the
 * database is down: the query and connect timeouts say that.
 */
export function isPoolSaturated(err: unknown): boolean {
  return `${driverOf(err).message ?? ''} ${(err as Error)?.message ?? ''}`.includes(POOL_WAIT_TIMEOUT);
}

export function uniqueViolation(err: unknown): { constraint?: string } | null {
  const e = driverOf(err);
  return e.code === '23505' ? { constraint: e.constraint } : null;
}

/** A write that references a row that no longer exists (deleted concurrently). */
export function foreignKeyViolation(err: unknown): boolean {
  return driverOf(err).code === '23503';
}

/** Bad input that slipped past validation into SQL (invalid text for a type, numeric overflow). */
export function isDataError(err: unknown): boolean {
  return (driverOf(err).code ?? '').startsWith('22');
}
