import type { Request } from 'express';

/**
 * Client IP as Express resolved it (honours TRUST_PROXY); never the raw X-Forwarded-For.
 * IPv4 clients of a dual-stack socket arrive as `::ffff:a.b.c.d`; they are stored as `a.b.c.d`
 * so one client has one address in throttle keys and in the sessions panel.
 */
export const clientIp = (req: Request): string | null => {
  const ip = req.ip ?? req.socket?.remoteAddress;
  if (!ip) return null;
  return (ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip).slice(0, 45);
};

export const clientUserAgent = (req: Request): string | null => req.get('user-agent')?.slice(0, 1000) ?? null;
