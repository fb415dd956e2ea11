import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * What the access layer left on the request, read structurally: these decorators sit below the
 * access layer, so feature controllers name their own types (`@CurrentUser() user: User`).
 */
interface Caller {
  kind: 'session' | 'token';
  user: unknown;
  session?: { id: string };
  token?: { id: string };
}
const callerOf = (ctx: ExecutionContext): Caller | undefined =>
  (ctx.switchToHttp().getRequest<FastifyRequest>() as FastifyRequest & { auth?: Caller }).auth;

/** The authenticated user (undefined on an anonymous optional-auth request). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => callerOf(ctx)?.user);

/** The id of the browser session that made the request (undefined for bearer requests). */
export const CurrentSessionId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => callerOf(ctx)?.session?.id,
);

/** The id of the token that made the request (undefined for session requests). */
export const CurrentTokenId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => callerOf(ctx)?.token?.id,
);
