import { ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { User } from '../users/user.entity';
import { isAdmin, policyAllows, policyOf, type Policy, type PolicyClass } from './policy';
import { parseResourceId } from './resource-id';

/**
 * Row-level access: 404 for a row that does not exist, 403 for one that exists but is not the
 * caller's (401 when the caller is anonymous). Admins pass.
 *
 * Routes usually declare it with `@UsePolicy(...)` (the PolicyGuard then calls `loadAndAuthorize`);
 * services call `authorize` or `requireOwner` for rows they load themselves.
 */
@Injectable()
export class OwnershipService {
  constructor(private readonly dataSource: DataSource) {}

  /** 404 when missing, 403 when not the caller's; admins pass unless `adminPasses` is false. */
  requireOwner<T>(
    user: User,
    row: T | null | undefined,
    ownerOf: (row: T) => number | null,
    { adminPasses = true }: { adminPasses?: boolean } = {},
  ): T {
    if (!row) throw new NotFoundException();
    if (ownerOf(row) !== user.id && !(adminPasses && isAdmin(user))) throw new ForbiddenException();
    return row;
  }

  /** Applies a policy to a row already loaded (or to no row, for `create`-like actions). */
  authorize<T, A extends string>(
    user: User | null,
    policy: PolicyClass<T, A> | Policy<T, A>,
    action: A,
    row?: T | null,
  ): T | undefined {
    if (row === null) throw new NotFoundException();
    if (!policyAllows(policy, user, action, row)) {
      throw user ? new ForbiddenException() : new UnauthorizedException();
    }
    return row;
  }

  /** Loads the row a route parameter names through the policy's entity, then authorizes it. */
  async loadAndAuthorize<T, A extends string>(
    user: User | null,
    policy: PolicyClass<T, A> | Policy<T, A>,
    action: A,
    rawId: unknown,
  ): Promise<T> {
    return this.authorize(user, policy, action, await this.load(policyOf(policy), rawId)) as T;
  }

  private async load<T, A extends string>(policy: Policy<T, A>, rawId: unknown): Promise<T | null> {
    if (!policy.entity) throw new Error(`${policy.constructor.name} declares no entity to load`);
    const meta = this.dataSource.getMetadata(policy.entity);
    const id = parseResourceId(meta, rawId);
    if (id === null) return null;
    if (policy.load) return policy.load(this.dataSource.manager, id);
    const key = meta.primaryColumns[0].propertyName;
    const entity = policy.entity as EntityTarget<ObjectLiteral>;
    return (await this.dataSource.manager.findOne(entity, { where: { [key]: id } })) as T | null;
  }
}
