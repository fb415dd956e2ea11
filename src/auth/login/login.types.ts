import type { ClientDetails } from '../../common/http/client-info';
import type { StartedSession } from '../../sessions/sessions.service';
import type { UserResponseDto } from '../../users/dto/user-response.dto';
import type { User } from '../../users/user.entity';

/**
 * What the client gets once the login succeeds: a browser session, a bearer token, or nothing yet
 * (`handoff`: the caller hands the user over later, e.g. social login's one-time code for the app).
 */
export type ClientKind = 'session' | 'token' | 'handoff';

/** How the user proved who they are. `identified`: an earlier step already did (provider, 2FA, sign-up). */
export type LoginCredentials =
  | { kind: 'password'; email: string; password: string }
  | { kind: 'identified'; user: User; via: IdentifiedVia };

/**
 * `social`: a provider vouched for the user (the second factor is still due); `two-factor`: the
 * challenge was passed; `registration`: the account was just made; `handoff`: a one-time code of a
 * finished social login (second factor included) is traded for the token; `passkey`: a WebAuthn
 * assertion with user verification (something held plus a PIN or biometric: multi-factor itself).
 */
export type IdentifiedVia = 'social' | 'two-factor' | 'registration' | 'handoff' | 'passkey';

export interface DeviceInfo {
  device_name?: string;
  fcm_token?: string;
}

export interface LoginRequest {
  credentials: LoginCredentials;
  client: ClientKind;
  details: ClientDetails;
  /** Session clients: keep the session past browser close. */
  remember?: boolean;
  /** Session clients: the request's current session, replaced by the new one (fixation). */
  replacingSessionId?: string;
  /** Token clients. */
  device?: DeviceInfo;
}

export interface TokenLoginResult {
  user: UserResponseDto;
  token: string;
}

export type LoginOutcome =
  /** The second factor is still due: a pending session (cookie clients) or a challenge (the others). */
  | { kind: 'two-factor'; user: User; session?: StartedSession; challenge?: string }
  | { kind: 'session'; user: User; session: StartedSession }
  | { kind: 'token'; user: User; result: TokenLoginResult }
  | { kind: 'handoff'; user: User };

/** The state one login carries through the steps; `user` is set once the credentials are checked. */
export interface LoginState {
  readonly request: LoginRequest;
  user?: User;
}

/**
 * One step of the login pipeline (Fortify's idea): do its part, then call `next()`, or answer
 * without it. Steps are providers, listed in order under LOGIN_STEPS; an application replaces or
 * inserts its own (docs/extending.md).
 */
export interface LoginStep {
  handle(state: LoginState, next: () => Promise<LoginOutcome>): Promise<LoginOutcome>;
}

export const LOGIN_STEPS = Symbol('LOGIN_STEPS');
