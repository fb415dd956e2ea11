import { Injectable, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import passport, { type Strategy } from 'passport';
import { Clock } from '../common/clock/clock';
import { Encrypter } from '../common/crypto/encrypter';
import { AppConfig, SOCIAL_PROVIDERS, type SocialProvider } from '../config/auth.config';
import { SessionsService } from '../sessions/sessions.service';
import { SessionOAuthStore } from './oauth-flow.store';
import type { SocialIdentity } from './social-profile';
import { FacebookStrategy } from './strategies/facebook.strategy';
import { GoogleStrategy } from './strategies/google.strategy';
import { TwitterStrategy } from './strategies/twitter.strategy';

export type StrategyOutcome =
  | { kind: 'redirected' }
  | { kind: 'success'; identity: SocialIdentity }
  | { kind: 'fail'; message?: string }
  | { kind: 'error'; error: unknown };

interface Provider {
  strategy: Strategy;
  store: SessionOAuthStore;
}

const STRATEGIES = { google: GoogleStrategy, facebook: FacebookStrategy, twitter: TwitterStrategy };

/** The configured providers' Passport strategies (unconfigured ones do not exist: 404). */
@Injectable()
export class SocialProviders {
  private readonly providers = new Map<SocialProvider, Provider>();

  constructor(config: AppConfig, sessions: SessionsService, encrypter: Encrypter, clock: Clock) {
    for (const name of SOCIAL_PROVIDERS) {
      const settings = config.providers[name];
      if (!settings) continue;
      const store = new SessionOAuthStore(name, sessions, encrypter, clock);
      const strategy = new STRATEGIES[name](settings, `${config.appUrl}/auth/${name}/callback`, store);
      this.providers.set(name, { strategy: strategy as unknown as Strategy, store });
    }
  }

  configured(): SocialProvider[] {
    return [...this.providers.keys()];
  }

  get(name: string): Provider & { name: SocialProvider } {
    const provider = this.providers.get(name as SocialProvider);
    if (!provider) throw new NotFoundException();
    return { ...provider, name: name as SocialProvider };
  }

  /**
   * Runs a strategy with passport's custom-callback form. A redirect to the provider ends the
   * response inside passport, so "finished" is how that outcome is noticed.
   */
  run(strategy: Strategy, req: Request, res: Response): Promise<StrategyOutcome> {
    return new Promise((resolve) => {
      const onFinish = () => resolve({ kind: 'redirected' });
      res.once('finish', onFinish);
      const done = (outcome: StrategyOutcome) => {
        res.off('finish', onFinish);
        resolve(outcome);
      };
      passport.authenticate(
        strategy,
        { session: false },
        (err: unknown, user: SocialIdentity | false, info?: { message?: string }) => {
          if (err) return done({ kind: 'error', error: err });
          if (!user) return done({ kind: 'fail', message: info?.message });
          done({ kind: 'success', identity: user });
        },
      )(req, res, (err?: unknown) => done({ kind: 'error', error: err }));
    });
  }
}
