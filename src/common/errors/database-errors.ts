/** Classifies driver errors so that none of them surfaces as a 500. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
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
