import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ValidationFailedException } from '../../../common/errors/app-exceptions';
import { AUTH_ERRORS } from '../../../common/errors/error-codes';
import { AccountEventKind } from '../../../common/events/account-event';
import { AccountEvents } from '../../../common/events/account-events';
import { SessionsService } from '../../../sessions/sessions.service';
import { TokensService } from '../../../tokens/tokens.service';
import type { User } from '../../../users/user.entity';
import { UsersService } from '../../../users/users.service';
import type { LoginOutcome, LoginRequest, LoginState, LoginStep } from '../login.types';

/**
 * Fortify's PrepareAuthenticatedSession, and its token twin: the last step, which makes the
 * credential. The credential and its `login` and `*_created` events commit together or not at all.
 */
@Injectable()
export class IssueCredential implements LoginStep {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly events: AccountEvents,
  ) {}

  handle(state: LoginState): Promise<LoginOutcome> {
    const user = state.user!;
    switch (state.request.client) {
      case 'session':
        return this.session(user, state.request);
      case 'token':
        return this.token(user, state.request);
      case 'handoff':
        return Promise.resolve({ kind: 'handoff', user });
    }
  }

  private async session(user: User, request: LoginRequest): Promise<LoginOutcome> {
    const remember = request.remember ?? false;
    const session = await this.whileCredentialHolds(user, async (manager) => {
      const started = await this.sessions.start(
        { userId: user.id, remember, client: request.details },
        request.replacingSessionId,
        manager,
      );
      const { details } = request;
      await this.events.publish(AccountEventKind.Login, user.id, details, { guard: 'session' }, manager);
      await this.events.publish(
        AccountEventKind.SessionCreated,
        user.id,
        details,
        { session_id: started.record.id, remember },
        manager,
      );
      return started;
    });
    return { kind: 'session', user, session };
  }

  private async token(user: User, request: LoginRequest): Promise<LoginOutcome> {
    const device = request.device ?? {};
    const { details } = request;
    // Read before the token exists: an answer that fails afterwards would leave a token nobody got.
    const resource = await this.users.resource(user);
    const { plainText } = await this.whileCredentialHolds(user, async (manager) => {
      const issued = await this.tokens.issue(
        user,
        {
          name: 'api',
          deviceName: device.device_name ?? null,
          fcmToken: device.fcm_token ?? null,
          ipAddress: details.ip,
          userAgent: details.userAgent,
        },
        manager,
      );
      const tokenId = Number(issued.token.id);
      await this.events.publish(
        AccountEventKind.Login,
        user.id,
        details,
        { guard: 'token', token_id: tokenId },
        manager,
      );
      await this.events.publish(
        AccountEventKind.TokenCreated,
        user.id,
        details,
        { token_id: tokenId, name: 'api' },
        manager,
      );
      return issued;
    });
    return { kind: 'token', user, result: { user: resource, token: plainText } };
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
}
