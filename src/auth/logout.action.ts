import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../access/auth-context';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import type { ClientDetails } from '../common/http/client-info';
import { TokensService } from '../tokens/tokens.service';

/** Ends the credential that made the request: the token, or (through `endSession`) the browser session. */
@Injectable()
export class LogoutAction {
  constructor(
    private readonly tokens: TokensService,
    private readonly events: AccountEvents,
  ) {}

  async execute(
    auth: AuthContext | undefined,
    client: ClientDetails,
    /** Ends the request's browser session; true if this request ended it. */
    endSession: () => Promise<boolean>,
    fcmToken?: string,
  ): Promise<void> {
    if (auth && fcmToken) await this.tokens.forgetPushToken(auth.user.id, fcmToken);
    if (auth?.kind === 'token') {
      // The same token logged out several times at once: one logout, one event.
      if (!(await this.tokens.revoke(auth.token.id))) return;
      await this.events.publish(AccountEventKind.Logout, auth.user.id, client, {
        guard: 'token',
        token_id: Number(auth.token.id),
      });
      return;
    }
    // The same session logged out several times at once: one logout, one event.
    if ((await endSession()) && auth)
      await this.events.publish(AccountEventKind.Logout, auth.user.id, client, { guard: 'session' });
  }
}
