import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { isAllowlisted, withQuery } from '../common/http/redirects';
import { AppSettings } from '../config/settings';
import { SessionLoginResponder } from '../auth/login/session-login.responder';
import { clientDetails } from '../common/http/client-info';
import { RequestSession } from '../sessions/request-session';
import type { OAuthFlow } from './oauth-flow.store';
import { SocialAccountsService, SocialFlowError } from './social-accounts.service';
import { SocialLoginService } from './social-login.service';
import type { SocialIdentity } from './social-profile';
import { SocialProviders } from './social-providers';

export interface RedirectQuery {
  intent?: string;
  client?: string;
  app_link?: string;
}

/**
 * The browser side of social login, its HTTP edge: redirect to the provider through Passport, then
 * hand the verified identity to SocialLoginService and answer with a redirect to the front end
 * (never a 500 page), with the session cookie of a web login.
 */
@Injectable()
export class SocialRedirects {
  private readonly logger = new Logger(SocialRedirects.name);

  constructor(
    private readonly providers: SocialProviders,
    private readonly accounts: SocialAccountsService,
    private readonly login: SocialLoginService,
    private readonly requestSession: RequestSession,
    private readonly responder: SessionLoginResponder,
    private readonly app: AppSettings,
  ) {}

  async redirect(
    providerName: string,
    query: RedirectQuery,
    req: FastifyRequest,
    res: FastifyReply,
  ): Promise<void> {
    const provider = this.providers.get(providerName);
    const flow: OAuthFlow = { provider: provider.name, intent: 'login', client: 'web' };
    if (query.intent === 'link') {
      if (!req.auth) throw new UnauthorizedException();
      this.accounts.requireConfirmationIfPassword(req.auth);
      Object.assign(flow, { intent: 'link', linkUserId: req.auth.user.id });
    }
    if (query.client === 'app') {
      if (!isAllowlisted(query.app_link, this.app.appLinkAllowlist)) {
        throw ValidationFailedException.field(
          'app_link',
          'The app link field must start with an allowed prefix.',
        );
      }
      Object.assign(flow, { client: 'app', appLink: query.app_link });
    }
    await this.requestSession.ensure(req, res);
    provider.store.begin(req, flow);
    const outcome = await this.providers.run(provider.strategy, req);
    if (outcome.kind === 'redirect' && outcome.url) return void res.redirect(outcome.url, 302);
    this.logger.warn(`${provider.name} redirect failed: ${this.describe(outcome)}`);
    res.redirect(this.target(flow, { status: 'error', error: 'provider_error' }), 302);
  }

  async callback(providerName: string, req: FastifyRequest, res: FastifyReply): Promise<void> {
    const provider = this.providers.get(providerName);
    const query = req.query as Record<string, string | undefined>;
    const denied = query.error ?? query.denied;
    if (denied !== undefined) {
      const flow = await provider.store.takeUnverified(req, query.state ?? query.denied);
      const error =
        query.error === 'access_denied' || query.denied !== undefined ? 'access_denied' : 'provider_error';
      return res.redirect(this.target(flow, { status: 'error', error }, provider.name), 302);
    }
    const outcome = await this.providers.run(provider.strategy, req);
    const flow = provider.store.verifiedFlow(req);
    if (outcome.kind !== 'success' || !flow) {
      const error = outcome.kind === 'fail' || !flow ? 'invalid_state' : 'provider_error';
      if (error === 'provider_error')
        this.logger.warn(`${provider.name} callback failed: ${this.describe(outcome)}`);
      return res.redirect(this.target(flow, { status: 'error', error }, provider.name), 302);
    }
    try {
      const params = await this.finish(flow, outcome.user, req, res);
      res.redirect(this.target(flow, { status: 'success', ...params }), 302);
    } catch (err) {
      // The browser always lands on the front end, whatever went wrong here.
      if (!(err instanceof SocialFlowError))
        this.logger.warn(`${provider.name} callback failed: ${(err as Error)?.message ?? String(err)}`);
      const error = err instanceof SocialFlowError ? err.code : 'provider_error';
      res.redirect(this.target(flow, { status: 'error', error }), 302);
    }
  }

  /** The front end's query for a verified callback; a web login sets the session cookie first. */
  private async finish(
    flow: OAuthFlow,
    identity: SocialIdentity,
    req: FastifyRequest,
    res: FastifyReply,
  ): Promise<Record<string, string>> {
    const result = await this.login.complete(flow, identity, {
      user: req.auth?.user,
      client: clientDetails(req),
      sessionId: this.responder.currentSessionId(req),
    });
    if (result.kind === 'linked') return { intent: 'link' };
    if (result.kind === 'code') return { code: result.code };
    const { outcome } = result;
    if (outcome.kind === 'two-factor' && outcome.challenge)
      return { status: 'two_factor', challenge: outcome.challenge };
    const { two_factor } = this.responder.respond(outcome, req, res);
    return two_factor ? { status: 'two_factor' } : {};
  }

  /** The allowlisted app_link for app clients of a verified flow, else FRONTEND_URL/auth/callback. */
  private target(
    flow: OAuthFlow | undefined,
    params: Record<string, string>,
    provider = flow?.provider,
  ): string {
    const base =
      flow?.client === 'app' && flow.appLink ? flow.appLink : `${this.app.frontendUrl}/auth/callback`;
    return withQuery(base, { ...params, provider: provider ?? '' });
  }

  private describe(outcome: { kind: string; message?: string; error?: unknown }): string {
    return outcome.kind === 'error'
      ? String((outcome.error as Error)?.message ?? outcome.error)
      : outcome.kind;
  }
}
