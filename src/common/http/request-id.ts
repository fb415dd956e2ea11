import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

/** A client's own id is echoed only when it is short and plain (it ends up in logs and headers). */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * Fastify's `genReqId`: the client's X-Request-Id when it sent a sane one, else a new UUID. It
 * becomes `request.id`, which every response returns in X-Request-Id and every log line names.
 */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && SANE_ID.test(sent) ? sent : randomUUID();
}
