import { sessionSlot } from '../sessions/session.entity';
import type { AuthContext } from './auth-context';

/** Epoch ms of the last password confirmation of a browser session, in its payload. */
export const PASSWORD_CONFIRMED_AT = sessionSlot<number>('passwordConfirmedAt');

/** When the caller last confirmed the password: on the session for cookies, on the token for bearers. */
export function passwordConfirmedAt(auth: AuthContext): number | undefined {
  return auth.kind === 'session'
    ? (auth.session.payload[PASSWORD_CONFIRMED_AT] as number | undefined)
    : auth.token.passwordConfirmedAt?.getTime();
}

export function isPasswordConfirmed(auth: AuthContext, nowMs: number, timeoutSeconds: number): boolean {
  const at = passwordConfirmedAt(auth);
  return at !== undefined && nowMs - at < timeoutSeconds * 1000;
}
