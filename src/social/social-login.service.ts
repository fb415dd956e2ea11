import { Injectable } from '@nestjs/common';
import { LoginPipeline } from '../auth/login/login-pipeline';
import type { LoginOutcome, TokenLoginResult } from '../auth/login/login.types';
import { tokenLoginBody } from '../auth/login/token-login-body';
import { RegisterUserAction } from '../auth/actions/register-user.action';
import { Clock } from '../common/clock/clock';
import { randomString, sha256Hex } from '../common/crypto/hashing';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { uniqueViolation } from '../common/errors/database-errors';
import { AccountEventKind } from '../common/events/account-event';
import { AccountEvents } from '../common/events/account-events';
import type { ClientDetails } from '../common/http/client-info';
import { FeatureSettings } from '../config/settings';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { OAuthFlow } from './oauth-flow.store';
import { SocialAccountsService, SocialFlowError } from './social-accounts.service';
import type { SocialAccount } from './social-account.entity';
import type { SocialIdentity } from './social-profile';
import { SocialRepository } from './social.repository';

const APP_CODE_TTL_MS = 60_000;

/** What a verified provider callback came to: a link, a login outcome, or the mobile app's one-time code. */
export type SocialCallbackResult =
  { kind: 'linked' } | { kind: 'login'; outcome: LoginOutcome } | { kind: 'code'; code: string };

/**
 * Social login and linking once the provider has vouched for an identity: which user it is (found,
 * linked by verified email, or created), then the login pipeline. Values in, values out; the
 * redirects and cookies are SocialRedirects' business.
 */
@Injectable()
export class SocialLoginService {
  constructor(
    private readonly accounts: SocialAccountsService,
    private readonly repo: SocialRepository,
    private readonly users: UsersService,
    private readonly register: RegisterUserAction,
    private readonly pipeline: LoginPipeline,
    private readonly events: AccountEvents,
    private readonly features: FeatureSettings,
    private readonly clock: Clock,
  ) {}

  async complete(
    flow: OAuthFlow,
    identity: SocialIdentity,
    caller: { user?: User; client: ClientDetails; sessionId?: string },
  ): Promise<SocialCallbackResult> {
    const { client } = caller;
    if (flow.intent === 'link') {
      if (!caller.user || caller.user.id !== flow.linkUserId) throw new SocialFlowError('invalid_state');
      await this.accounts.link(caller.user, identity, client);
      return { kind: 'linked' };
    }
    const user = await this.resolveLoginUser(identity, client);
    await this.events.publish(AccountEventKind.SocialLogin, user.id, client, { provider: identity.provider });
    const outcome = await this.pipeline.run({
      credentials: { kind: 'identified', user, via: 'social' },
      client: flow.client === 'app' ? 'handoff' : 'session',
      details: client,
      replacingSessionId: caller.sessionId,
    });
    if (outcome.kind === 'handoff')
      return { kind: 'code', code: await this.issueAppCode(user, identity.provider) };
    return { kind: 'login', outcome };
  }

  /** POST /api/auth/social/exchange: the mobile app trades its one-time code for a token. */
  async exchange(code: string, client: ClientDetails): Promise<TokenLoginResult> {
    const row = /^[A-Za-z0-9]{48}$/.test(code)
      ? await this.repo.consumeCode(sha256Hex(code), this.clock.now())
      : null;
    const user = row ? await this.users.findById(row.userId) : null;
    if (!user) throw ValidationFailedException.field('code', 'The code is invalid or has expired.');
    const outcome = await this.pipeline.run({
      credentials: { kind: 'identified', user, via: 'handoff' },
      client: 'token',
      details: client,
      device: { device_name: `${row!.provider} sign-in` },
    });
    return tokenLoginBody(outcome) as TokenLoginResult;
  }

  /**
   * Linked identity → its user. Otherwise an account with the same email is linked only when the
   * provider asserts the address and the local address is verified too; else a new account, created
   * with its link in one transaction. The same person finishing a first login in several browsers
   * at once: one creates the account; the others lose on the unique email or identity (or find the
   * new, unverified account by email) and then find the link the winner committed.
   */
  private async resolveLoginUser(identity: SocialIdentity, client: ClientDetails): Promise<User> {
    try {
      return await this.findOrCreateUser(identity, client);
    } catch (err) {
      // Each of these can mean that a parallel callback of the same person got there first.
      const raced =
        uniqueViolation(err) ||
        (err instanceof SocialFlowError && (err.code === 'already_linked' || err.code === 'account_exists'));
      if (!raced) throw err;
      const linked = await this.accounts.findByIdentity(identity);
      if (!linked) throw err instanceof SocialFlowError ? err : new SocialFlowError('account_exists');
      return this.linkedUser(linked, identity);
    }
  }

  private async linkedUser(linked: SocialAccount, identity: SocialIdentity): Promise<User> {
    await this.accounts.refreshTokens(linked, identity);
    const user = await this.users.findById(linked.userId);
    if (!user) throw new SocialFlowError('provider_error');
    return user;
  }

  private async findOrCreateUser(identity: SocialIdentity, client: ClientDetails): Promise<User> {
    const linked = await this.accounts.findByIdentity(identity);
    if (linked) return this.linkedUser(linked, identity);
    if (!identity.email) throw new SocialFlowError('provider_error');
    const existing = await this.users.findByEmail(identity.email);
    if (existing) {
      if (!identity.emailVerified || !existing.emailVerifiedAt) throw new SocialFlowError('account_exists');
      await this.accounts.link(existing, identity, client);
      return existing;
    }
    if (!this.features.has('registration')) throw new SocialFlowError('account_exists');
    return this.register.fromProvider({ ...identity, email: identity.email }, client, (manager, user) =>
      this.accounts.linkNewUser(manager, user, identity, client),
    );
  }

  private async issueAppCode(user: User, provider: string): Promise<string> {
    const code = randomString(48);
    await this.repo.insertCode({
      codeHash: sha256Hex(code),
      userId: user.id,
      provider,
      expiresAt: new Date(this.clock.nowMs() + APP_CODE_TTL_MS),
    });
    return code;
  }
}
