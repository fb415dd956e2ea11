import type { Request } from 'express';

/** Client IP as Express resolved it (honours TRUST_PROXY); never the raw X-Forwarded-For. */
export const clientIp = (req: Request): string | null =>
  (req.ip ?? req.socket?.remoteAddress ?? null)?.slice(0, 45) ?? null;

export const clientUserAgent = (req: Request): string | null => req.get('user-agent')?.slice(0, 1000) ?? null;
