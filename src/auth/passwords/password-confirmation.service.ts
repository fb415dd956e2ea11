import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthContext } from '../../common/auth/auth-context';
import { Clock } from '../../common/clock/clock';
import { PasswordHasher } from '../../common/crypto/password-hasher';
import { ValidationFailedException } from '../../common/errors/app-exceptions';
import { ThrottleService, type LimitSpec } from '../../common/throttling/throttle.service';
import { AppConfig } from '../../config/auth.config';
import { SecurityEventKind } from '../../security-events/security-event.entity';
import { SecurityEventsService } from '../../security-events/security-events.service';
import { SessionsService } from '../sessions.service';
import { TokensService } from '../tokens.service';

/** Password re-entry is a credential check too: 5 wrong passwords a minute per user, then 429. */
export const PASSWORD_CHECK_LIMIT: LimitSpec = { name: 'password-check', points: 5, durationSeconds: 60 };
export const WRONG_PASSWORD = 'The provided password is incorrect.';

/**
 * Fortify's password confirmation: recorded on the browser session, or on the token for bearer
 * requests, and valid for PASSWORD_TIMEOUT seconds. Logging in does not count.
 */
@Injectable()
export class PasswordConfirmationService {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly throttle: ThrottleService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly events: SecurityEventsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Checks the user's password (throttled, 422 on `field` when wrong) without recording anything. */
  async verifyPassword(auth: AuthContext, req: Request, password: string, field = 'password'): Promise<void> {
    await this.throttle.attempt(
      PASSWORD_CHECK_LIMIT,
      String(auth.user.id),
      async () => {
        if (await this.hasher.verify(password, auth.user.password)) return;
        await this.events.record(SecurityEventKind.PasswordConfirmationFailed, auth.user.id, req);
        throw ValidationFailedException.field(field, WRONG_PASSWORD);
      },
      (err) => err instanceof ValidationFailedException,
    );
  }

  async confirm(auth: AuthContext, req: Request, password: string): Promise<void> {
    await this.verifyPassword(auth, req, password);
    if (auth.kind === 'session') {
      await this.sessions.setPayloadEntry(req, 'passwordConfirmedAt', this.clock.nowMs());
    } else {
      await this.tokens.markPasswordConfirmed(auth.token);
    }
    await this.events.record(SecurityEventKind.PasswordConfirmed, auth.user.id, req, { guard: auth.kind });
  }

  isConfirmed(auth: AuthContext): boolean {
    const at =
      auth.kind === 'session'
        ? auth.session.payload.passwordConfirmedAt
        : auth.token.passwordConfirmedAt?.getTime();
    return at !== undefined && this.clock.nowMs() - at < this.config.passwordTimeoutSeconds * 1000;
  }
}
