import type { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { REQUEST_ID_HEADER } from '../http/request-id';
import type { LogFormat } from './app-logger';

/** What one access log line holds: never a query string, header, cookie, token or body. */
export interface AccessRecord {
  request_id: string;
  method: string;
  /** The route's pattern (`/api/user/sessions/:id`), not the URL: paths can carry tokens. */
  route: string;
  status: number;
  duration_ms: number;
  user_id: number | null;
}

/**
 * One line per answered request, when its response is finished (or the client went away): the
 * request id (the one returned in X-Request-Id), method, route pattern, status, duration and the
 * authenticated user's id.
 */
export function accessLog(logger: Pick<Logger, 'log'>, format: LogFormat) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const record = accessRecord(req, res, Number(process.hrtime.bigint() - started) / 1e6);
      if (format === 'json') logger.log('request', record);
      else
        logger.log(
          `${record.method} ${record.route} ${record.status} ${record.duration_ms} ms` +
            ` user=${record.user_id ?? '-'} id=${record.request_id}`,
        );
    });
    next();
  };
}

export function accessRecord(req: Request, res: Response, durationMs: number): AccessRecord {
  const route = (req as Request & { route?: { path?: unknown } }).route?.path;
  return {
    request_id: String(res.getHeader(REQUEST_ID_HEADER) ?? ''),
    method: req.method,
    route: typeof route === 'string' ? `${req.baseUrl}${route}` : '(no route)',
    status: res.writableFinished ? res.statusCode : 499,
    duration_ms: Math.round(durationMs * 10) / 10,
    user_id: req.auth?.user?.id ?? null,
  };
}
