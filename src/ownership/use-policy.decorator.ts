import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { PolicyClass } from './policy';

export const POLICY_KEY = 'auth:policy';

export interface PolicyMeta {
  policy: PolicyClass;
  action: string;
  /** The route parameter naming the row; absent for actions without one (`create`, `viewAny`). */
  param?: string;
}

/**
 * Authorizes the route through a policy, after authentication and `@Roles`. With a parameter, the
 * row it names is loaded first (404 when there is none, or when the id is malformed), then
 * `policy.can(user, action, row)` decides (403, or 401 for an anonymous caller); admins pass.
 * The handler receives the row through `@PolicyResource()`, so it is loaded once.
 *
 *   @Put(':track') @UsePolicy(TrackPolicy, PolicyAction.Update, 'track')
 *   update(@PolicyResource() track: Track, @Body() dto: UpdateTrackDto) { … }
 */
export const UsePolicy = <A extends string>(policy: PolicyClass<unknown, A>, action: A, param?: string) =>
  applyDecorators(
    SetMetadata(POLICY_KEY, { policy, action, ...(param && { param }) } satisfies PolicyMeta),
    // The handler reads the row, not the parameter: the API document learns of it here.
    ...(param
      ? [
          ApiParam({
            name: param,
            description: `id of the ${param} (404 when there is none)`,
            schema: { type: 'integer', minimum: 1 },
          }),
        ]
      : []),
  );

declare module 'fastify' {
  interface FastifyRequest {
    /** The row `@UsePolicy` loaded and authorized for this request. */
    policyResource?: unknown;
  }
}

/** The row loaded and authorized by the route's `@UsePolicy(…, 'param')`. */
export const PolicyResource = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().policyResource;
});
