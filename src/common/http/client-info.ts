import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestHeader } from './api-route';

/** Who is on the other end, read once at the HTTP edge and passed to services as a value. */
export interface ClientDetails {
  ip: string | null;
  userAgent: string | null;
  /** The request's X-Request-Id (request-id.ts), so that what it causes can be traced back to it. */
  requestId?: string | null;
}

/** For work that has no client (CLIs, schedulers). */
export const NO_CLIENT: ClientDetails = Object.freeze({ ip: null, userAgent: null });

/**
 * Client IP as Fastify resolved it (honours TRUST_PROXY); never the raw X-Forwarded-For.
 * IPv4 clients of a dual-stack socket arrive as `::ffff:a.b.c.d`; they are stored as `a.b.c.d`
 * so one client has one address in throttle keys and in the sessions panel.
 */
export const clientIp = (req: FastifyRequest): string | null => {
  const ip = req.ip ?? req.socket?.remoteAddress;
  if (!ip) return null;
  return (ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip).slice(0, 45);
};

export const clientUserAgent = (req: FastifyRequest): string | null =>
  requestHeader(req, 'user-agent')?.slice(0, 1000) ?? null;

export const clientDetails = (req: FastifyRequest): ClientDetails => ({
  ip: clientIp(req),
  userAgent: clientUserAgent(req),
  requestId: req.id,
});

/** The caller's ClientDetails, as a controller parameter. */
export const Client = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientDetails =>
  clientDetails(ctx.switchToHttp().getRequest<FastifyRequest>()),
);

/** The request body as it was sent, before a DTO's whitelisting (extension points read their own fields). */
export const RawBody = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<FastifyRequest>().body,
);
