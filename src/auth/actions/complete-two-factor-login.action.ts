import { Injectable } from '@nestjs/common';
import { ValidationFailedException } from '../../common/errors/app-exceptions';
import type { ClientDetails } from '../../common/http/client-info';
import type { Session } from '../../sessions/session.entity';
import { TWO_FACTOR_ERRORS } from '../../two-factor/error-codes';
import { PendingLoginService } from '../../two-factor/pending-login.service';
import { TwoFactorService, type SecondFactor } from '../../two-factor/two-factor.service';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import type { ApiTwoFactorChallengeDto } from '../dto/two-factor-challenge.dto';
import { LoginPipeline } from '../login/login-pipeline';
import type { LoginOutcome } from '../login/login.types';

/** The contract reports a missing or expired pending login on the field the client sent. */
function invalid(
  input: SecondFactor,
  message: string = TWO_FACTOR_ERRORS.INVALID_CODE,
): ValidationFailedException {
  return input.recovery_code !== undefined && input.code === undefined
    ? ValidationFailedException.field('recovery_code', TWO_FACTOR_ERRORS.INVALID_RECOVERY_CODE)
    : ValidationFailedException.field('code', message);
}

function requireOneFactor(input: SecondFactor): void {
  if (input.code === undefined && input.recovery_code === undefined) {
    throw ValidationFailedException.field('code', TWO_FACTOR_ERRORS.CODE_REQUIRED);
  }
}

/**
 * Fortify's TwoFactorAuthenticatedSessionController, for the session and for bearer challenges:
 * the second factor is checked here, then the login pipeline issues the credential.
 */
@Injectable()
export class CompleteTwoFactorLoginAction {
  constructor(
    private readonly pending: PendingLoginService,
    private readonly twoFactor: TwoFactorService,
    private readonly users: UsersService,
    private readonly pipeline: LoginPipeline,
  ) {}

  /** Cookie flow: a wrong code keeps the pending login; success replaces the session (new id and CSRF token). */
  async inSession(
    session: Session | undefined,
    input: SecondFactor,
    client: ClientDetails,
  ): Promise<LoginOutcome> {
    requireOneFactor(input);
    const pending = this.pending.fromSession(session);
    if (!session || !pending) throw invalid(input);
    // One request of this browser at a time checks a code: two valid codes sent at once do not
    // complete the login twice (nor use up two recovery codes).
    const claimed = await this.pending.claimInSession(session);
    if (!claimed) throw invalid(input);
    try {
      await this.pending.verifyWithinLimits(pending.key, pending.userId, () =>
        this.twoFactor.verifySecondFactor(pending.userId, input, client),
      );
    } catch (err) {
      await this.pending.releaseInSession(session, claimed);
      throw err;
    }
    return this.pipeline.run({
      credentials: {
        kind: 'identified',
        user: await this.requireUser(pending.userId, input),
        via: 'two-factor',
      },
      client: 'session',
      details: client,
      remember: pending.remember,
      replacingSessionId: session.id,
    });
  }

  /** Bearer flow: the challenge is consumed only by the request that also passes the second factor. */
  async withChallenge(dto: ApiTwoFactorChallengeDto, client: ClientDetails): Promise<LoginOutcome> {
    requireOneFactor(dto);
    const challenge = await this.pending.findChallenge(dto.challenge);
    if (!challenge) throw ValidationFailedException.field('challenge', TWO_FACTOR_ERRORS.INVALID_CHALLENGE);
    await this.pending.verifyWithinLimits(`challenge:${challenge.id}`, challenge.userId, () =>
      this.twoFactor.verifySecondFactor(challenge.userId, dto, client),
    );
    if (!(await this.pending.consumeChallenge(challenge))) {
      throw ValidationFailedException.field('challenge', TWO_FACTOR_ERRORS.INVALID_CHALLENGE);
    }
    return this.pipeline.run({
      credentials: {
        kind: 'identified',
        user: await this.requireUser(challenge.userId, dto),
        via: 'two-factor',
      },
      client: 'token',
      details: client,
      device: { device_name: challenge.deviceName ?? undefined, fcm_token: challenge.fcmToken ?? undefined },
    });
  }

  private async requireUser(id: number, input: SecondFactor): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw invalid(input);
    return user;
  }
}
