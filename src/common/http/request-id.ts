import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

/** A client's own id is echoed only when it is short and plain (it ends up in logs and headers). */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** The id the middleware below gave the request (null before it ran). */
export const requestIdOf = (req: Request): string | null => {
  const id = req.res?.getHeader(REQUEST_ID_HEADER);
  return typeof id === 'string' ? id : null;
};

/** Every response carries an X-Request-Id: the client's own when it sent a sane one, else a new UUID. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const sent = req.get(REQUEST_ID_HEADER);
  res.setHeader(REQUEST_ID_HEADER, sent && SANE_ID.test(sent) ? sent : randomUUID());
  next();
}
