import type { EntityManager } from 'typeorm';

/** Every LoginMethodCounter of the composed modules (ExtensionPointsModule). */
export const LOGIN_METHOD_COUNTERS = Symbol('LOGIN_METHOD_COUNTERS');

/**
 * Ways to log in that a module keeps in its own tables (linked providers, passkeys), counted so that
 * removing one can refuse to leave an account with no way in. The password is the users module's own.
 */
export interface LoginMethodCounter {
  /** How many the user has, read through the caller's transaction (which holds the user's row). */
  count(manager: EntityManager, userId: number): Promise<number>;
}

/** `last`: nothing was removed, because it was the account's only way to log in. */
export type LoginMethodRemoval = 'removed' | 'missing' | 'last';
