import { Injectable } from '@nestjs/common';
import { AccountEventKind } from '../../../common/events/account-event';
import { AccountEvents } from '../../../common/events/account-events';
import { FeatureSettings } from '../../../config/settings';
import { SessionsService } from '../../../sessions/sessions.service';
import { PendingLoginService } from '../../../two-factor/pending-login.service';
import { TwoFactorService } from '../../../two-factor/two-factor.service';
import type { LoginOutcome, LoginState, LoginStep } from '../login.types';

/**
 * Fortify's RedirectIfTwoFactorAuthenticatable: an account with confirmed 2FA does not get its
 * credential yet. A cookie client gets an anonymous session that remembers the pending login; the
 * others an opaque single-use challenge. Completing the challenge runs the pipeline again, as
 * `identified` via `two-factor`, which this step lets through.
 */
@Injectable()
export class RedirectIfTwoFactorAuthenticatable implements LoginStep {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly pending: PendingLoginService,
    private readonly sessions: SessionsService,
    private readonly events: AccountEvents,
    private readonly features: FeatureSettings,
  ) {}

  async handle(state: LoginState, next: () => Promise<LoginOutcome>): Promise<LoginOutcome> {
    const { request } = state;
    const user = state.user!;
    const passed = request.credentials.kind === 'identified' && request.credentials.via !== 'social';
    if (passed || !this.features.has('two-factor') || !(await this.twoFactor.isEnabled(user.id)))
      return next();

    if (request.client === 'session') {
      const remember = request.remember ?? false;
      const session = await this.sessions.start(
        {
          userId: null,
          remember,
          payload: this.pending.pendingPayload(user, remember),
          client: request.details,
        },
        request.replacingSessionId,
      );
      await this.events.publish(AccountEventKind.TwoFactorChallenged, user.id, request.details, {
        guard: 'session',
      });
      return { kind: 'two-factor', user, session };
    }
    const challenge = await this.pending.createChallenge(user, request.device ?? {});
    await this.events.publish(AccountEventKind.TwoFactorChallenged, user.id, request.details, {
      guard: 'token',
    });
    return { kind: 'two-factor', user, challenge };
  }
}
