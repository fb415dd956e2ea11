import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../access/auth-context';
import { isPasswordConfirmed, PASSWORD_CONFIRMED_AT } from '../../access/password-confirmation';
import { Clock } from '../../common/clock/clock';
import { AccountEventKind } from '../../common/events/account-event';
import { AccountEvents } from '../../common/events/account-events';
import type { ClientDetails } from '../../common/http/client-info';
import { PasswordSettings } from '../../config/settings';
import { SessionsService } from '../../sessions/sessions.service';
import { TokensService } from '../../tokens/tokens.service';
import { PasswordCheck } from '../../users/password-check';

/**
 * Fortify's password confirmation: recorded on the browser session, or on the token for bearer
 * requests, and valid for PASSWORD_TIMEOUT seconds. Logging in does not count.
 */
@Injectable()
export class PasswordConfirmationService {
  constructor(
    private readonly passwords: PasswordCheck,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly events: AccountEvents,
    private readonly passwordSettings: PasswordSettings,
    private readonly clock: Clock,
  ) {}

  async confirm(auth: AuthContext, password: string, client: ClientDetails): Promise<void> {
    await this.passwords.verify(auth.user, password, client);
    if (auth.kind === 'session') {
      await this.sessions.setPayloadEntry(auth.session, PASSWORD_CONFIRMED_AT, this.clock.nowMs());
    } else {
      await this.tokens.markPasswordConfirmed(auth.token);
    }
    await this.events.publish(AccountEventKind.PasswordConfirmed, auth.user.id, client, { guard: auth.kind });
  }

  isConfirmed(auth: AuthContext): boolean {
    return isPasswordConfirmed(auth, this.clock.nowMs(), this.passwordSettings.confirmationTimeoutSeconds);
  }
}
