import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';

export interface FakeProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  name?: string;
  picture?: string;
}

/** What the hooks of oauth2-mock-server hand us (the parts read here). */
type HookRequest = IncomingMessage & { query?: Record<string, unknown>; body?: Record<string, unknown> };

/**
 * A real OAuth 2 / OpenID server (oauth2-mock-server) for Google- and Facebook-style flows:
 * /authorize → /token (PKCE checked) → /userinfo.
 *
 * Who consents: by default `profile` (one person at a time, set per test). A flow can name its own
 * person instead, as a browser signed in at the provider would: `signInAs(authorizeUrl, profile)`
 * adds OpenID's `login_hint`, and the consent page binds the code it issues to that person; the
 * token endpoint binds the access token to the code's person, and /userinfo answers for the
 * token it is called with. So any number of people can run flows at the same time.
 */
export class FakeOAuth2Provider {
  readonly server = new OAuth2Server();
  profile: FakeProfile = { sub: '1' };

  /** login_hint → the person who signs in with it. */
  private readonly people = new Map<string, FakeProfile>();
  /** Authorization code → the person who consented. */
  private readonly codes = new Map<string, FakeProfile>();
  /** Access token → the person it was issued to. */
  private readonly tokens = new Map<string, FakeProfile>();

  async start(): Promise<string> {
    await this.server.issuer.keys.generate('RS256');
    await this.server.start(0, '127.0.0.1');
    const service = this.server.service;
    service.on('beforeAuthorizeRedirect', ({ url }: { url: URL }, req: HookRequest) => {
      const hint = req.query?.login_hint;
      const code = url.searchParams.get('code');
      if (typeof hint !== 'string' || !code) return;
      const who = this.people.get(hint);
      if (who) this.codes.set(code, who);
      else {
        // A hint nobody registered: refuse rather than silently sign in the default person.
        url.searchParams.delete('code');
        url.searchParams.set('error', 'access_denied');
      }
    });
    service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }, req: HookRequest) => {
      // Every token distinct (two requests in the same second would otherwise sign identical
      // payloads), and its subject the person who consented.
      token.payload.jti = randomUUID();
      const who = this.codeOwner(req);
      if (who) token.payload.sub = who.sub;
    });
    service.on('beforeResponse', (res: { body: Record<string, unknown> }, req: HookRequest) => {
      const who = this.codeOwner(req);
      if (!who || typeof res.body.access_token !== 'string') return;
      this.tokens.set(res.body.access_token, who);
      this.codes.delete(req.body!.code as string);
    });
    service.on('beforeUserinfo', (response: { body: unknown }, req: HookRequest) => {
      const who = this.tokens.get(accessTokenOf(req)) ?? this.profile;
      response.body = { ...who, id: who.sub };
    });
    const address = this.server.address();
    return `http://127.0.0.1:${address.port}`;
  }

  /**
   * The authorize URL the app sent the browser to, for a browser in which `profile` is signed in
   * at the provider: whoever else is mid-flow, this flow's code, token and profile are theirs.
   */
  signInAs(authorizeUrl: string, profile: FakeProfile): string {
    this.people.set(profile.sub, profile);
    const url = new URL(authorizeUrl);
    url.searchParams.set('login_hint', profile.sub);
    return url.toString();
  }

  /** Environment variables that point a provider at this server. */
  env(provider: 'GOOGLE' | 'FACEBOOK', base: string): Record<string, string> {
    const profileVar = provider === 'GOOGLE' ? 'GOOGLE_USERINFO_URL' : 'FACEBOOK_PROFILE_URL';
    return {
      [`${provider}_CLIENT_ID`]: `${provider.toLowerCase()}-client`,
      [`${provider}_CLIENT_SECRET`]: `${provider.toLowerCase()}-secret`,
      [`${provider}_AUTHORIZATION_URL`]: `${base}/authorize`,
      [`${provider}_TOKEN_URL`]: `${base}/token`,
      [profileVar]: `${base}/userinfo`,
    };
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private codeOwner(req: HookRequest): FakeProfile | undefined {
    const code = req.body?.code;
    return typeof code === 'string' ? this.codes.get(code) : undefined;
  }
}

/** The bearer token of a userinfo call: Authorization header (Google) or access_token query (Facebook). */
function accessTokenOf(req: HookRequest): string {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const query = req.query?.access_token;
  return typeof query === 'string' ? query : '';
}
