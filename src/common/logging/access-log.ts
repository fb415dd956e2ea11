import type { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
 * One line per request once its response is sent (`onResponse`), or once the client went away
 * before it (`onRequestAbort`, status 499): the request id (the one returned in X-Request-Id),
 * method, route pattern, status, duration and the authenticated user's id.
 */
export function accessLog(logger: Pick<Logger, 'log'>, format: LogFormat) {
  const write = (record: AccessRecord): void => {
    if (format === 'json') logger.log('request', record);
    else
      logger.log(
        `${record.method} ${record.route} ${record.status} ${record.duration_ms} ms` +
          ` user=${record.user_id ?? '-'} id=${record.request_id}`,
      );
  };
  return {
    onResponse: async (req: FastifyRequest, res: FastifyReply) =>
      write(accessRecord(req, res, res.statusCode)),
    onRequestAbort: async (req: FastifyRequest) => write(accessRecord(req, undefined, 499)),
  };
}

export function accessRecord(
  req: FastifyRequest,
  res: FastifyReply | undefined,
  status: number,
): AccessRecord {
  // A request no route matched has the not-found handler's options, without a url.
  const route = req.is404 ? undefined : req.routeOptions?.url;
  const elapsed = res?.elapsedTime ?? 0;
  return {
    request_id: req.id,
    method: req.method,
    route: route ?? '(no route)',
    status,
    duration_ms: Math.round(elapsed * 10) / 10,
    user_id: req.auth?.user?.id ?? null,
  };
}
