import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { OwnershipService } from '../../ownership/ownership.service';
import { POLICY_KEY, type PolicyMeta } from '../../ownership/use-policy.decorator';
import { routeMeta } from './route-metadata';

/**
 * The policy step's second half, after PolicyGuard's roles and abilities: the route's
 * `@UsePolicy(Policy, action, 'param')`. The row the parameter names is loaded (404 when there is
 * none or the id is malformed), then the policy decides (403; 401 for an anonymous caller on an
 * optional-auth route); admins pass. The row is left on the request for `@PolicyResource()`.
 */
@Injectable()
export class ResourcePolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly ownership: OwnershipService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const meta = routeMeta<PolicyMeta>(this.reflector, POLICY_KEY, ctx);
    if (!meta) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const user = req.auth?.user ?? null;
    req.policyResource = meta.param
      ? await this.ownership.loadAndAuthorize(
          user,
          meta.policy,
          meta.action,
          (req.params as Record<string, string>)[meta.param],
        )
      : this.ownership.authorize(user, meta.policy, meta.action);
    return true;
  }
}
