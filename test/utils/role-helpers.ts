import type { Role } from '../../src/common/auth/role.enum';
import type { User } from '../../src/users/user.entity';
import { createUser } from '../factories/users.factory';
import { loginWithSession, loginWithToken } from './auth-helpers';
import type { TestApp } from './test-app';

export interface Caller {
  user: User;
  /** Ready-made request headers: a first-party session (cookie + CSRF) or a bearer token. */
  headers: Record<string, string>;
}

/** A new user holding `roles`, logged in as the SPA does (`session`) or as an API client (`token`). */
export async function signIn(
  t: TestApp,
  roles: Role[],
  via: 'session' | 'token' = 'session',
): Promise<Caller> {
  const user = await createUser(t.db, { roles });
  const auth =
    via === 'session'
      ? await loginWithSession(t.server, user.email, user.plainPassword)
      : await loginWithToken(t.server, user.email, user.plainPassword);
  return { user, headers: auth.headers };
}

export const JSON_ACCEPT = { Accept: 'application/json' };

/** Bodies of docs/http-contract.md §1 for the bare (non-/api) routes. */
export const BARE = {
  unauthenticated: { message: 'Unauthenticated.' },
  forbidden: { message: 'This action is unauthorized.' },
};

/** The same errors in the /api envelope. */
export const envelopeError = (message: string) => ({
  success: false,
  errors_message: message,
  message,
  data: null,
});
export const API = {
  unauthenticated: envelopeError('Unauthenticated.'),
  forbidden: envelopeError('This action is unauthorized.'),
};

/** Ids that name no row: unknown, malformed, zero, negative, fractional and out of the integer range. */
export const MISSING_IDS = ['999999', 'abc', '0', '-1', '1.5', '1e3', '99999999999'];
