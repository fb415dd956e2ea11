import { randomUUID } from 'node:crypto';

export const STRONG_PASSWORD = 'Lantern-Quarry-42';

/** A fresh email per call, so tests never depend on each other's rows. */
export const uniqueEmail = (tag = 'reg'): string => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

/**
 * A body that passes every §5 registration rule; override fields to break one rule at a time.
 * The confirmation follows an overridden password unless it is overridden too.
 */
export function registrationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const password = 'password' in overrides ? overrides.password : STRONG_PASSWORD;
  return {
    email: uniqueEmail(),
    password,
    password_confirmation: password,
    first_name: 'Casey',
    last_name: 'Creator',
    birth_date: '1990-04-12',
    ...overrides,
  };
}
