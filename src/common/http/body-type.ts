import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { HTTP_ERRORS } from '../errors/error-codes';

/** The body types the API reads; any other body would be silently ignored, as if it were empty. */
const READ_TYPES = new Set(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);

export const hasBody = (req: FastifyRequest): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * An `onRequest` hook: a request with a body of a type the API does not read is refused (415),
 * whatever its method, not treated as empty.
 */
export async function refuseUnreadBodies(req: FastifyRequest): Promise<void> {
  if (!hasBody(req)) return;
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
  if (!READ_TYPES.has(type)) throw new UnsupportedMediaTypeException(HTTP_ERRORS.UNSUPPORTED_BODY_TYPE);
}
