import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../../../common/crypto/password-hasher';
import { TooManyAttemptsException, ValidationFailedException } from '../../../common/errors/app-exceptions';
import { AUTH_ERRORS } from '../../../common/errors/error-codes';
import { AccountEventKind } from '../../../common/events/account-event';
import { AccountEvents } from '../../../common/events/account-events';
import type { ClientDetails } from '../../../common/http/client-info';
import { ThrottleService, type LimitSpec } from '../../../common/throttling/throttle.service';
import type { User } from '../../../users/user.entity';
import { UsersService } from '../../../users/users.service';
import type { LoginOutcome, LoginState, LoginStep } from '../login.types';

/** 5 failed attempts a minute per email+IP; a success clears the count; only failures count. */
export const LOGIN_LIMIT: LimitSpec = { name: 'login', points: 5, durationSeconds: 60 };

/**
 * Fortify's EnsureLoginIsNotThrottled + AttemptToAuthenticate. Unknown email and wrong password
 * give the same 422 after the same bcrypt work; while throttled even the right password gets 429.
 * Credentials an earlier step already checked pass through.
 */
@Injectable()
export class AttemptToAuthenticate implements LoginStep {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: ThrottleService,
    private readonly events: AccountEvents,
  ) {}

  async handle(state: LoginState, next: () => Promise<LoginOutcome>): Promise<LoginOutcome> {
    const { credentials, details } = state.request;
    state.user =
      credentials.kind === 'password'
        ? await this.attempt(credentials.email, credentials.password, details)
        : credentials.user;
    return next();
  }

  private async attempt(email: string, password: string, client: ClientDetails): Promise<User> {
    const normalized = email.trim();
    const key = `${normalized.toLowerCase()}|${client.ip ?? 'unknown'}`;
    try {
      return await this.throttle.attempt(
        LOGIN_LIMIT,
        key,
        () => this.check(normalized, password, client),
        (err) => err instanceof ValidationFailedException,
      );
    } catch (err) {
      if (err instanceof TooManyAttemptsException)
        await this.recordFailure(null, normalized, 'throttled', client);
      throw err;
    }
  }

  private async check(email: string, password: string, client: ClientDetails): Promise<User> {
    const user = await this.users.findByEmail(email);
    if (!(await this.hasher.verify(password, user?.password))) {
      await this.recordFailure(user?.id ?? null, email, 'invalid_credentials', client);
      throw ValidationFailedException.field('email', AUTH_ERRORS.INVALID_CREDENTIALS);
    }
    return user!;
  }

  private recordFailure(userId: number | null, email: string, reason: string, client: ClientDetails) {
    return this.events.publish(AccountEventKind.LoginFailed, userId, client, {
      email: email.slice(0, 255),
      reason,
    });
  }
}
