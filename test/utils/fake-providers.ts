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

/**
 * A real OAuth 2 / OpenID server (oauth2-mock-server) for Google- and Facebook-style flows:
 * /authorize → /token (PKCE checked) → /userinfo, with the profile set per test.
 */
export class FakeOAuth2Provider {
  readonly server = new OAuth2Server();
  profile: FakeProfile = { sub: '1' };

  async start(): Promise<string> {
    await this.server.issuer.keys.generate('RS256');
    await this.server.start(0, '127.0.0.1');
    this.server.service.on('beforeUserinfo', (response: { body: unknown }) => {
      response.body = { ...this.profile, id: this.profile.sub };
    });
    const address = this.server.address();
    return `http://127.0.0.1:${address.port}`;
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
}
