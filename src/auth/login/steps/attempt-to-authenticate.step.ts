import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { PasswordHasher } from '../../common/crypto/password-hasher';
import { TooManyAttemptsException, ValidationFailedException } from '../../common/errors/app-exceptions';
import { AUTH_ERRORS } from '../../common/errors/error-codes';
import { clientIp } from '../../common/http/client-info';
import { ThrottleService, type LimitSpec } from '../../common/throttling/throttle.service';
import { SecurityEventKind } from '../../security-events/security-event.entity';
import { SecurityEventsService } from '../../security-events/security-events.service';
import type { User } from '../../users/user.entity';
import { UsersRepository } from '../../users/users.repository';

/** 5 failed attempts a minute per email+IP; a success clears the count; only failures count. */
export const LOGIN_LIMIT: LimitSpec = { name: 'login', points: 5, durationSeconds: 60 };

/**
 * Fortify's AttemptToAuthenticate + EnsureLoginIsNotThrottled. Unknown email and wrong password
 * give the same 422 after the same bcrypt work; while throttled even the right password gets 429.
 */
@Injectable()
export class AttemptToAuthenticateAction {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: ThrottleService,
    private readonly events: SecurityEventsService,
  ) {}

  async execute(email: string, password: string, req: Request): Promise<User> {
    const normalized = email.trim();
    const key = `${normalized.toLowerCase()}|${clientIp(req) ?? 'unknown'}`;
    try {
      return await this.throttle.attempt(
        LOGIN_LIMIT,
        key,
        () => this.check(normalized, password, req),
        (err) => err instanceof ValidationFailedException,
      );
    } catch (err) {
      if (err instanceof TooManyAttemptsException)
        await this.recordFailure(null, normalized, 'throttled', req);
      throw err;
    }
  }

  private async check(email: string, password: string, req: Request): Promise<User> {
    const user = await this.users.findByEmail(email);
    if (!(await this.hasher.verify(password, user?.password))) {
      await this.recordFailure(user?.id ?? null, email, 'invalid_credentials', req);
      throw ValidationFailedException.field('email', AUTH_ERRORS.INVALID_CREDENTIALS);
    }
    return user!;
  }

  private recordFailure(userId: number | null, email: string, reason: string, req: Request): Promise<void> {
    return this.events.record(SecurityEventKind.LoginFailed, userId, req, {
      email: email.slice(0, 255),
      reason,
    });
  }
}
