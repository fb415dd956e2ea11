import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../common/auth/auth-context';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { AUTH_ERRORS } from '../common/errors/error-codes';
import { clientIp, clientUserAgent } from '../common/http/client-info';
import { AppConfig } from '../config/auth.config';
import { PendingLoginService } from '../two-factor/pending-login.service';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { SecurityEventKind } from '../security-events/security-event.entity';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SessionsService } from '../sessions/sessions.service';
import { TokensService } from '../sessions/tokens.service';
import type { UserResponseDto } from '../users/dto/user-response.dto';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';

export interface TokenLoginResult {
  user: UserResponseDto;
  token: string;
}

export interface DeviceInfo {
  device_name?: string;
  fcm_token?: string;
}

/** What happens once a user is known: a rotated session for the SPA, a new token for API clients. */
@Injectable()
export class AuthService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly events: SecurityEventsService,
    private readonly twoFactor: TwoFactorService,
    private readonly pending: PendingLoginService,
    private readonly config: AppConfig,
  ) {}

  /** Whether this login must pass a two-factor challenge first (confirmed 2FA, feature on). */
  async requiresTwoFactor(user: User): Promise<boolean> {
    return this.config.has('two-factor') && this.twoFactor.isEnabled(user.id);
  }

  /** Cookie login of a 2FA account: the session holds a pending login, not an authenticated user. */
  async startPendingSession(req: Request, res: Response, user: User, remember = false): Promise<void> {
    await this.pending.startInSession(req, res, user, remember);
    await this.events.record(SecurityEventKind.TwoFactorChallenged, user.id, req, { guard: 'session' });
  }

  /** Bearer login of a 2FA account: an opaque challenge to trade, with a code, for the token. */
  async startTokenChallenge(req: Request, user: User, device: DeviceInfo = {}): Promise<string> {
    const challenge = await this.pending.createChallenge(user, device);
    await this.events.record(SecurityEventKind.TwoFactorChallenged, user.id, req, { guard: 'token' });
    return challenge;
  }

  async startSession(req: Request, res: Response, user: User, remember = false): Promise<void> {
    const session = await this.whileCredentialHolds(user, (manager) =>
      this.sessions.regenerate(req, res, { userId: user.id, remember }, manager),
    );
    await this.events.record(SecurityEventKind.Login, user.id, req, { guard: 'session' });
    await this.events.record(SecurityEventKind.SessionCreated, user.id, req, {
      session_id: session.id,
      remember,
    });
  }

  async issueToken(req: Request, user: User, device: DeviceInfo = {}): Promise<TokenLoginResult> {
    const { token, plainText } = await this.whileCredentialHolds(user, (manager) =>
      this.tokens.issue(
        user,
        {
          name: 'api',
          deviceName: device.device_name ?? null,
          fcmToken: device.fcm_token ?? null,
          ipAddress: clientIp(req),
          userAgent: clientUserAgent(req),
        },
        manager,
      ),
    );
    await this.events.record(SecurityEventKind.Login, user.id, req, {
      guard: 'token',
      token_id: Number(token.id),
    });
    await this.events.record(SecurityEventKind.TokenCreated, user.id, req, {
      token_id: Number(token.id),
      name: 'api',
    });
    return { user: await this.users.resource(user), token: plainText };
  }

  /**
   * Makes a session or token only while the user's password is still the one this login saw: a
   * login racing a password change or reset gets the same 422 as a wrong password instead of a
   * credential that the change's revocation would miss.
   */
  private async whileCredentialHolds<T>(
    user: User,
    issue: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const issued = await this.users.whilePasswordIs(user.id, user.password, issue);
    if (issued === null) throw ValidationFailedException.field('email', AUTH_ERRORS.INVALID_CREDENTIALS);
    return issued;
  }

  /** Ends the credential that made the request: the token, or the browser session. */
  async logout(auth: AuthContext | undefined, req: Request, res: Response, fcmToken?: string): Promise<void> {
    if (auth && fcmToken) await this.tokens.forgetPushToken(auth.user.id, fcmToken);
    if (auth?.kind === 'token') {
      // The same token logged out several times at once: one logout, one event.
      if (!(await this.tokens.revoke(auth.token.id))) return;
      await this.events.record(SecurityEventKind.Logout, auth.user.id, req, {
        guard: 'token',
        token_id: Number(auth.token.id),
      });
      return;
    }
    await this.sessions.invalidate(req, res);
    if (auth) await this.events.record(SecurityEventKind.Logout, auth.user.id, req, { guard: 'session' });
  }
}
