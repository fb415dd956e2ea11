import { ConsoleLogger, type LogLevel } from '@nestjs/common';

export type LogFormat = 'json' | 'text';

/** Keys whose values never reach a log line, at any depth (a stray object logged whole, say). */
const SECRET_KEYS = ['password', 'token', 'secret', 'authorization', 'cookie', 'code', 'recovery_code'];

/**
 * The app's logger: one JSON object per line for log collectors (production), Nest's coloured text
 * for people (development). Nest's own ConsoleLogger does both; structured fields passed after the
 * message (the access log's) become top-level keys of the JSON line.
 */
export function appLogger(format: LogFormat, levels?: LogLevel[]): ConsoleLogger {
  const logger =
    format === 'json'
      ? new ConsoleLogger({ json: true, colors: false, flattenParams: true, redact: SECRET_KEYS })
      : new ConsoleLogger({ redact: SECRET_KEYS });
  if (levels) logger.setLogLevels(levels);
  return logger;
}
