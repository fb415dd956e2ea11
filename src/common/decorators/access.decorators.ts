import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { Feature } from '../../config/auth.config';
import type { Role } from '../auth/role.enum';

export const ACCESS_KEY = 'auth:access';
export const SESSION_ROUTE_KEY = 'auth:session-route';
export const ROLES_KEY = 'auth:roles';

/** `public`: anyone; `optional`: anyone, and a caller with credentials is recognised; default: authenticated. */
export type Access = 'public' | 'optional' | 'authenticated';

/** The API document's security schemes (app.setup.ts); every other operation requires one of them. */
export const BEARER_SCHEME = 'bearer';
export const COOKIE_SCHEME = 'cookie';

/** No credentials needed. Routes are closed unless they say so. */
export const Public = () =>
  // `{}`: the OpenAPI way to say that no credential is required.
  applyDecorators(SetMetadata(ACCESS_KEY, 'public' satisfies Access), ApiSecurity({}));

/** Anonymous callers are served; an authenticated caller is attached to the request. */
export const OptionalAuth = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, 'optional' satisfies Access),
    ApiSecurity({}),
    ApiSecurity(BEARER_SCHEME),
    ApiSecurity(COOKIE_SCHEME),
  );

/**
 * A Sanctum "session route" (`/login`, `/logout`, `/sanctum/csrf-cookie`, …): always uses the
 * session cookie, whatever the Origin, and an unsafe request with no session at all is a 419.
 */
export const SessionRoute = () => SetMetadata(SESSION_ROUTE_KEY, true);

/** The caller must hold one of these roles (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const FEATURE_KEY = 'auth:feature';

/** The route exists only while these AUTH_FEATURES entries are on (404 otherwise); class and handler add up. */
export const RequiresFeature = (...features: Feature[]) => SetMetadata(FEATURE_KEY, features);

export const ABILITIES_KEY = 'auth:abilities';

/**
 * Sanctum's token abilities: a bearer token must carry every one of these (or `*`), else 403
 * `Invalid ability provided.` First-party session requests hold every ability.
 */
export const RequireAbilities = <A extends string>(...abilities: A[]) =>
  SetMetadata(ABILITIES_KEY, abilities);

export const PASSWORD_CONFIRMATION_KEY = 'auth:password-confirmation';

/** `true`: always (2FA management); `if-password`: an account without a password (social only) has nothing to confirm. */
export type PasswordConfirmationRule = true | 'if-password';

/**
 * For sensitive routes (2FA management, passkeys, …): 423 `Password confirmation required.` unless
 * the caller confirmed the password within PASSWORD_TIMEOUT (POST /user/confirm-password).
 * `{ ifPasswordSet: true }` lets an account that has no password through.
 */
export const RequirePasswordConfirmation = ({ ifPasswordSet = false } = {}) =>
  applyDecorators(
    SetMetadata(
      PASSWORD_CONFIRMATION_KEY,
      (ifPasswordSet ? 'if-password' : true) satisfies PasswordConfirmationRule,
    ),
    ApiResponse({ status: 423, description: 'Password confirmation required.' }),
  );
