import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../common/crypto/password-hasher';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import type { ClientDetails } from '../common/http/client-info';
import { ThrottleService, type LimitSpec } from '../common/throttling/throttle.service';
import type { User } from './user.entity';

/** Password re-entry is a credential check too: 5 wrong passwords a minute per user, then 429. */
export const PASSWORD_CHECK_LIMIT: LimitSpec = { name: 'password-check', points: 5, durationSeconds: 60 };
export const WRONG_PASSWORD = 'The provided password is incorrect.';

/**
 * Checks a signed-in user's password (confirming it, ending other sessions, changing it):
 * throttled per user, 422 on `field` when wrong, and a failed attempt is an account event.
 */
@Injectable()
export class PasswordCheck {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly throttle: ThrottleService,
    private readonly events: AccountEvents,
  ) {}

  async verify(user: User, password: string, client: ClientDetails, field = 'password'): Promise<void> {
    await this.throttle.attempt(
      PASSWORD_CHECK_LIMIT,
      String(user.id),
      async () => {
        if (await this.hasher.verify(password, user.password)) return;
        await this.events.publish(AccountEventKind.PasswordConfirmationFailed, user.id, client);
        throw ValidationFailedException.field(field, WRONG_PASSWORD);
      },
      (err) => err instanceof ValidationFailedException,
    );
  }
}
