import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../../common/crypto/password-hasher';
import { ValidationFailedException } from '../../common/errors/app-exceptions';
import { AUTH_ERRORS } from '../../common/errors/error-codes';
import { ThrottleService, type LimitSpec } from '../../common/throttling/throttle.service';
import type { User } from '../../users/user.entity';
import { UsersRepository } from '../../users/users.repository';

/** 5 failed attempts a minute per email+IP; a success clears the count. */
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
  ) {}

  async execute(email: string, password: string, ip: string | null): Promise<User> {
    const key = `${email.trim().toLowerCase()}|${ip ?? 'unknown'}`;
    await this.throttle.assertAvailable(LOGIN_LIMIT, key);
    const user = await this.users.findByEmail(email.trim());
    if (!(await this.hasher.verify(password, user?.password))) {
      await this.throttle.penalize(LOGIN_LIMIT, key);
      throw ValidationFailedException.field('email', AUTH_ERRORS.INVALID_CREDENTIALS);
    }
    await this.throttle.clear(LOGIN_LIMIT, key);
    return user!;
  }
}
