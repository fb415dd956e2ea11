import type { NextFunction, Request, Response } from 'express';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { HTTP_ERRORS } from '../errors/error-codes';

/** The body types the API reads; any other body would be silently ignored, as if it were empty. */
const READ_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** A request with a body of a type the API does not read is refused (415), not treated as empty. */
export function refuseUnreadBodies(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(READ_TYPES))
    return next(new UnsupportedMediaTypeException(HTTP_ERRORS.UNSUPPORTED_BODY_TYPE));
  next();
}
