import type { EntityManager, EntityTarget } from 'typeorm';
import { Role } from '../common/auth/role.enum';
import type { User } from '../users/user.entity';

/**
 * What a caller wants to do with a resource: Laravel's names, which cover most routes. A policy
 * with actions of its own declares them as a string enum (`TrackAction.Purchase`) and implements
 * `Policy<T, PolicyAction | TrackAction>`; routes then name members, never free strings.
 */
export enum PolicyAction {
  ViewAny = 'viewAny',
  View = 'view',
  Create = 'create',
  Update = 'update',
  Delete = 'delete',
}

/**
 * Who may do what with one resource type. `can` decides from the caller and the row alone (no
 * queries), so a policy is a plain class that is trivially unit-tested; the row is loaded for it.
 *
 * `user` is null for an anonymous caller on an `@OptionalAuth()`/`@Public()` route: a refusal then
 * answers 401 (log in first), for an authenticated caller 403. Admins pass every policy that does
 * not opt out with `adminPasses = false` (see `policyAllows`).
 */
export interface Policy<T, A extends string = PolicyAction> {
  /** The entity a route parameter names; `@UsePolicy(P, action, 'param')` loads it by primary key. */
  readonly entity?: EntityTarget<T>;
  /** Loads the row with whatever the decision needs (relations, a scope); default: by primary key. */
  load?(manager: EntityManager, id: string | number): Promise<T | null>;
  can(user: User | null, action: A, resource?: T): boolean;
  /**
   * Admins pass every policy unless it says otherwise: some rows are personal by contract (a
   * consent answer belongs to the tagged person alone), and there `adminPasses = false`.
   */
  readonly adminPasses?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PolicyClass<T = any, A extends string = any> = new () => Policy<T, A>;

const instances = new WeakMap<PolicyClass, Policy<unknown, string>>();

/** Policies are stateless: one instance per class. */
export function policyOf<T, A extends string>(policy: PolicyClass<T, A> | Policy<T, A>): Policy<T, A> {
  if (typeof policy !== 'function') return policy;
  let instance = instances.get(policy) as Policy<T, A> | undefined;
  if (!instance) instances.set(policy, (instance = new policy()));
  return instance;
}

export const isAdmin = (user: User | null | undefined): boolean => !!user?.roles?.includes(Role.Admin);

/** The single place where admins pass policies (all but those with `adminPasses = false`). */
export function policyAllows<T, A extends string>(
  policy: PolicyClass<T, A> | Policy<T, A>,
  user: User | null,
  action: A,
  resource?: T,
): boolean {
  const p = policyOf(policy);
  return (p.adminPasses !== false && isAdmin(user)) || p.can(user, action, resource);
}

/** `user` owns the row (`ownerId` being the row's owning user id). */
export const owns = (user: User | null, ownerId: number | null | undefined): user is User =>
  !!user && ownerId !== null && ownerId !== undefined && user.id === ownerId;
