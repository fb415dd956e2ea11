import { PassportStrategy } from '@nestjs/passport';
import { privatePassport } from '../../common/auth/run-strategy';
import { Strategy, type StrategyOptions } from 'passport-google-oauth20';
import type { ProviderConfig } from '../../config/auth.config';
import type { SessionOAuthStore } from '../oauth-flow.store';
import { toIdentity, type SocialIdentity } from '../social-profile';

/** OAuth 2 with a session-bound single-use state and PKCE (S256). */
export class GoogleStrategy extends PassportStrategy(Strategy, 'google') {
  constructor(config: ProviderConfig, callbackURL: string, store: SessionOAuthStore) {
    super({
      clientID: config.clientId,
      clientSecret: config.clientSecret,
      callbackURL,
      authorizationURL: config.authorizationUrl,
      tokenURL: config.tokenUrl,
      userProfileURL: config.profileUrl,
      scope: ['openid', 'email', 'profile'],
      state: true,
      pkce: true,
      store,
    } as unknown as StrategyOptions);
  }

  validate(
    accessToken: string,
    refreshToken: string | undefined,
    profile: Parameters<typeof toIdentity>[1],
  ): SocialIdentity {
    return toIdentity('google', profile, accessToken, refreshToken ?? null);
  }

  /** Each app instance keeps its strategies to itself instead of passport's global registry. */
  getPassportInstance() {
    return privatePassport();
  }
}
