import { Injectable } from '@nestjs/common';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { LoginPipeline } from '../auth/login/login-pipeline';
import type { LoginOutcome, LoginRequest } from '../auth/login/login.types';
import { Clock } from '../common/clock/clock';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import { ThrottleService, type LimitSpec } from '../common/throttling/throttle.service';
import { UsersService } from '../users/users.service';
import { asAssertion } from './credential-json';
import { PASSKEY_ERRORS } from './error-codes';
import { PasskeyChallenges } from './passkey-challenges';
import { PasskeysRepository } from './passkeys.repository';
import { CeremonyRejected, RelyingParty } from './relying-party';

/** As for passwords: 5 failed assertions a minute per credential and IP; a success clears them. */
export const PASSKEY_LOGIN_LIMIT: LimitSpec = { name: 'passkey-login', points: 5, durationSeconds: 60 };

/** The login request of the pipeline, less the credentials, which the assertion provides. */
export type PasskeyLoginRequest = Omit<LoginRequest, 'credentials'>;

/**
 * Logging in with a passkey: options (discoverable, or email-first), then the assertion, which
 * identifies the user to the login pipeline. User verification was required, so the pipeline does
 * not ask for a TOTP code on top (`via: 'passkey'`).
 */
@Injectable()
export class PasskeyLoginService {
  constructor(
    private readonly repo: PasskeysRepository,
    private readonly challenges: PasskeyChallenges,
    private readonly rp: RelyingParty,
    private readonly users: UsersService,
    private readonly pipeline: LoginPipeline,
    private readonly throttle: ThrottleService,
    private readonly events: AccountEvents,
    private readonly clock: Clock,
  ) {}

  /**
   * Without an email: any discoverable passkey of this site. With one: that account's passkeys; an
   * unknown email, or one without passkeys, gets an equally shaped answer (a decoy credential).
   */
  async options(email?: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    if (!email) return this.rp.loginOptions(null, await this.challenges.issue('login', null));
    const user = await this.users.findByEmail(email);
    const passkeys = user ? await this.repo.findForUser(user.id) : [];
    const owner = passkeys.length ? user!.id : null;
    const challenge = await this.challenges.issue('login', owner);
    return this.rp.loginOptions(passkeys.length ? passkeys : { decoyFor: email }, challenge);
  }

  async login(json: Record<string, unknown>, request: PasskeyLoginRequest): Promise<LoginOutcome> {
    const response = asAssertion(json);
    if (!response) throw this.invalid();
    const key = `${response.id.slice(0, 256)}|${request.details.ip ?? 'unknown'}`;
    return this.throttle.attempt(
      PASSKEY_LOGIN_LIMIT,
      key,
      () => this.attempt(response, request),
      (err) => err instanceof ValidationFailedException,
    );
  }

  private async attempt(
    response: AuthenticationResponseJSON,
    request: PasskeyLoginRequest,
  ): Promise<LoginOutcome> {
    const { details } = request;
    const { challenge, userId } = await this.challenges.consume(response.response.clientDataJSON, 'login');
    const passkey = await this.repo.findByCredentialId(response.id);
    if (!passkey || (userId !== null && passkey.userId !== userId)) {
      await this.failed(passkey?.userId, 'unknown_credential', details);
      throw this.invalid();
    }
    let counter: number;
    try {
      counter = await this.rp.verifyAssertion(response, challenge, passkey);
    } catch (err) {
      if (!(err instanceof CeremonyRejected)) throw err;
      await this.failed(passkey.userId, 'invalid_assertion', details);
      throw this.invalid();
    }
    if (!(await this.repo.recordUse(passkey.id, counter, this.clock.now()))) {
      await this.events.publish(AccountEventKind.PasskeyCounterRollback, passkey.userId, details, {
        passkey_id: passkey.id,
        stored_counter: passkey.counter,
        reported_counter: counter,
      });
      throw ValidationFailedException.field('response', PASSKEY_ERRORS.COUNTER_ROLLBACK);
    }
    const user = await this.users.findById(passkey.userId);
    if (!user) throw this.invalid();
    const outcome = await this.pipeline.run({
      ...request,
      credentials: { kind: 'identified', user, via: 'passkey' },
    });
    await this.events.publish(AccountEventKind.PasskeyLogin, user.id, details, {
      passkey_id: passkey.id,
      guard: request.client,
    });
    return outcome;
  }

  private failed(userId: number | null | undefined, reason: string, details: PasskeyLoginRequest['details']) {
    return this.events.publish(AccountEventKind.LoginFailed, userId ?? null, details, {
      method: 'passkey',
      reason,
    });
  }

  private invalid(): ValidationFailedException {
    return ValidationFailedException.field('response', PASSKEY_ERRORS.INVALID_RESPONSE);
  }
}
