import { PassportStrategy } from '@nestjs/passport';
import { privatePassport } from '../../common/auth/run-strategy';
import { Strategy, type IStrategyOption } from 'passport-twitter';
import type { ProviderConfig } from '../../config/auth.config';
import type { SessionOAuthStore } from '../oauth-flow.store';
import { toIdentity, type SocialIdentity } from '../social-profile';

/** OAuth 1.0a; the request token secret waits in the server-side session, encrypted. */
export class TwitterStrategy extends PassportStrategy(Strategy, 'twitter') {
  constructor(config: ProviderConfig, callbackURL: string, store: SessionOAuthStore) {
    super({
      consumerKey: config.clientId,
      consumerSecret: config.clientSecret,
      callbackURL,
      requestTokenURL: config.requestTokenUrl,
      accessTokenURL: config.tokenUrl,
      userAuthorizationURL: config.authorizationUrl,
      userProfileURL: config.profileUrl,
      includeEmail: true,
      requestTokenStore: store,
    } as unknown as IStrategyOption);
  }

  validate(token: string, tokenSecret: string, profile: Parameters<typeof toIdentity>[1]): SocialIdentity {
    return toIdentity('twitter', profile, token, tokenSecret);
  }

  getPassportInstance() {
    return privatePassport();
  }
}
