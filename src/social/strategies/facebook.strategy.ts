import { PassportStrategy } from '@nestjs/passport';
import { privatePassport } from '../../common/auth/run-strategy';
import { Strategy, type StrategyOptions } from 'passport-facebook';
import type { ProviderConfig } from '../../config/auth.config';
import type { SessionOAuthStore } from '../oauth-flow.store';
import { toIdentity, type SocialIdentity } from '../social-profile';

/** OAuth 2 with a session-bound single-use state and PKCE (S256). */
export class FacebookStrategy extends PassportStrategy(Strategy, 'facebook') {
  constructor(config: ProviderConfig, callbackURL: string, store: SessionOAuthStore) {
    super({
      clientID: config.clientId,
      clientSecret: config.clientSecret,
      callbackURL,
      authorizationURL: config.authorizationUrl,
      tokenURL: config.tokenUrl,
      profileURL: config.profileUrl,
      profileFields: ['id', 'displayName', 'name', 'emails', 'photos'],
      scope: ['email', 'public_profile'],
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
    return toIdentity('facebook', profile, accessToken, refreshToken ?? null);
  }

  getPassportInstance() {
    return privatePassport();
  }
}
