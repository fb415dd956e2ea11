import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '../common/clock/clock';
import { randomString, sha256Hex } from '../common/crypto/hashing';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { uniqueViolation } from '../common/errors/database-errors';
import { isAllowlisted, withQuery } from '../common/http/redirects';
import { AppConfig } from '../config/auth.config';
import { AuthService, type TokenLoginResult } from '../auth/auth.service';
import { RegisterUserAction } from '../auth/actions/register-user.action';
import { SecurityEventKind } from '../security-events/security-event.entity';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SessionsService } from '../sessions/sessions.service';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { OAuthFlow } from './oauth-flow.store';
import { SocialAccountsService, SocialFlowError } from './social-accounts.service';
import type { SocialAccount } from './social-account.entity';
import type { SocialIdentity } from './social-profile';
import { SocialProviders } from './social-providers';
import { SocialRepository } from './social.repository';

const APP_CODE_TTL_MS = 60_000;

export interface RedirectQuery {
  intent?: string;
  client?: string;
  app_link?: string;
}

/**
 * The browser side of social login: redirect to the provider, then turn the callback into a
 * session, a 2FA challenge, a link, or a one-time code for the mobile app, and always answer with
 * a redirect to the front end (never a 500 page).
 */
@Injectable()
export class SocialAuthService {
  private readonly logger = new Logger(SocialAuthService.name);

  constructor(
    private readonly providers: SocialProviders,
    private readonly accounts: SocialAccountsService,
    private readonly repo: SocialRepository,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly register: RegisterUserAction,
    private readonly auth: AuthService,
    private readonly events: SecurityEventsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async redirect(providerName: string, query: RedirectQuery, req: Request, res: Response): Promise<void> {
    const provider = this.providers.get(providerName);
    const flow: OAuthFlow = { provider: provider.name, intent: 'login', client: 'web' };
    if (query.intent === 'link') {
      if (!req.auth) throw new UnauthorizedException();
      this.accounts.requireConfirmationIfPassword(req.auth);
      Object.assign(flow, { intent: 'link', linkUserId: req.auth.user.id });
    }
    if (query.client === 'app') {
      if (!isAllowlisted(query.app_link, this.config.appLinkAllowlist)) {
        throw ValidationFailedException.field(
          'app_link',
          'The app link field must start with an allowed prefix.',
        );
      }
      Object.assign(flow, { client: 'app', appLink: query.app_link });
    }
    await this.sessions.ensure(req, res);
    provider.store.begin(req, flow);
    const outcome = await this.providers.run(provider.strategy, req, res);
    if (outcome.kind !== 'redirected') {
      this.logger.warn(`${provider.name} redirect failed: ${this.describe(outcome)}`);
      res.redirect(302, this.target(flow, { status: 'error', error: 'provider_error' }));
    }
  }

  async callback(providerName: string, req: Request, res: Response): Promise<void> {
    const provider = this.providers.get(providerName);
    const query = req.query as Record<string, string | undefined>;
    const denied = query.error ?? query.denied;
    if (denied !== undefined) {
      const flow = await provider.store.takeUnverified(req, query.state ?? query.denied);
      const error =
        query.error === 'access_denied' || query.denied !== undefined ? 'access_denied' : 'provider_error';
      return res.redirect(302, this.target(flow, { status: 'error', error }, provider.name));
    }
    const outcome = await this.providers.run(provider.strategy, req, res);
    const flow = provider.store.verifiedFlow(req);
    if (outcome.kind !== 'success' || !flow) {
      const error = outcome.kind === 'fail' || !flow ? 'invalid_state' : 'provider_error';
      if (error === 'provider_error')
        this.logger.warn(`${provider.name} callback failed: ${this.describe(outcome)}`);
      return res.redirect(302, this.target(flow, { status: 'error', error }, provider.name));
    }
    try {
      const params = await this.complete(flow, outcome.user, req, res);
      res.redirect(302, this.target(flow, { status: 'success', ...params }));
    } catch (err) {
      // The browser always lands on the front end, whatever went wrong here.
      if (!(err instanceof SocialFlowError))
        this.logger.warn(`${provider.name} callback failed: ${(err as Error)?.message ?? String(err)}`);
      const error = err instanceof SocialFlowError ? err.code : 'provider_error';
      res.redirect(302, this.target(flow, { status: 'error', error }));
    }
  }

  /** POST /api/auth/social/exchange: the mobile app trades its one-time code for a token. */
  async exchange(code: string, req: Request): Promise<TokenLoginResult> {
    const row = /^[A-Za-z0-9]{48}$/.test(code)
      ? await this.repo.consumeCode(sha256Hex(code), this.clock.now())
      : null;
    const user = row ? await this.users.findById(row.userId) : null;
    if (!user) throw ValidationFailedException.field('code', 'The code is invalid or has expired.');
    return this.auth.issueToken(req, user, { device_name: `${row!.provider} sign-in` });
  }

  private async complete(
    flow: OAuthFlow,
    identity: SocialIdentity,
    req: Request,
    res: Response,
  ): Promise<Record<string, string>> {
    if (flow.intent === 'link') {
      const user = req.auth?.user;
      if (!user || user.id !== flow.linkUserId) throw new SocialFlowError('invalid_state');
      await this.accounts.link(user, identity, req);
      return { intent: 'link' };
    }
    const user = await this.resolveLoginUser(identity, req);
    await this.events.record(SecurityEventKind.SocialLogin, user.id, req, { provider: identity.provider });
    if (await this.auth.requiresTwoFactor(user)) {
      if (flow.client === 'app')
        return { status: 'two_factor', challenge: await this.auth.startTokenChallenge(req, user) };
      await this.auth.startPendingSession(req, res, user);
      return { status: 'two_factor' };
    }
    if (flow.client === 'app') return { code: await this.issueAppCode(user, identity.provider) };
    await this.auth.startSession(req, res, user);
    return {};
  }

  /**
   * Linked identity → its user. Otherwise an account with the same email is linked only when the
   * provider asserts the address and the local address is verified too; else a new account, created
   * with its link in one transaction. The same person finishing a first login in several browsers
   * at once: one creates the account; the others lose on the unique email or identity (or find the
   * new, unverified account by email) and then find the link the winner committed.
   */
  private async resolveLoginUser(identity: SocialIdentity, req: Request): Promise<User> {
    try {
      return await this.findOrCreateUser(identity, req);
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

  private async findOrCreateUser(identity: SocialIdentity, req: Request): Promise<User> {
    const linked = await this.accounts.findByIdentity(identity);
    if (linked) return this.linkedUser(linked, identity);
    if (!identity.email) throw new SocialFlowError('provider_error');
    const existing = await this.users.findByEmail(identity.email);
    if (existing) {
      if (!identity.emailVerified || !existing.emailVerifiedAt) throw new SocialFlowError('account_exists');
      await this.accounts.link(existing, identity, req);
      return existing;
    }
    if (!this.config.has('registration')) throw new SocialFlowError('account_exists');
    return this.register.fromProvider({ ...identity, email: identity.email }, req, (manager, user) =>
      this.accounts.linkNewUser(manager, user, identity, req),
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

  /** The allowlisted app_link for app clients of a verified flow, else FRONTEND_URL/auth/callback. */
  private target(
    flow: OAuthFlow | undefined,
    params: Record<string, string>,
    provider = flow?.provider,
  ): string {
    const base =
      flow?.client === 'app' && flow.appLink ? flow.appLink : `${this.config.frontendUrl}/auth/callback`;
    return withQuery(base, { ...params, provider: provider ?? '' });
  }

  private describe(outcome: { kind: string; message?: string; error?: unknown }): string {
    return outcome.kind === 'error'
      ? String((outcome.error as Error)?.message ?? outcome.error)
      : outcome.kind;
  }
}
