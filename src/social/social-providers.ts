import { Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Strategy } from 'passport';
import { runStrategy, type StrategyOutcome } from '../common/auth/run-strategy';
import { Clock } from '../common/clock/clock';
import { Encrypter } from '../common/crypto/encrypter';
import { AppConfig, SOCIAL_PROVIDERS, type SocialProvider } from '../config/auth.config';
import { RequestSession } from '../sessions/request-session';
import { SessionsService } from '../sessions/sessions.service';
import { SessionOAuthStore } from './oauth-flow.store';
import type { SocialIdentity } from './social-profile';
import { FacebookStrategy } from './strategies/facebook.strategy';
import { GoogleStrategy } from './strategies/google.strategy';
import { TwitterStrategy } from './strategies/twitter.strategy';

interface Provider {
  strategy: Strategy;
  store: SessionOAuthStore;
}

const STRATEGIES = { google: GoogleStrategy, facebook: FacebookStrategy, twitter: TwitterStrategy };

/** The configured providers' Passport strategies (unconfigured ones do not exist: 404). */
@Injectable()
export class SocialProviders {
  private readonly providers = new Map<SocialProvider, Provider>();

  constructor(
    config: AppConfig,
    requestSession: RequestSession,
    sessions: SessionsService,
    encrypter: Encrypter,
    clock: Clock,
  ) {
    for (const name of SOCIAL_PROVIDERS) {
      const settings = config.providers[name];
      if (!settings) continue;
      const store = new SessionOAuthStore(name, requestSession, sessions, encrypter, clock);
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

  run(strategy: Strategy, req: FastifyRequest): Promise<StrategyOutcome<SocialIdentity>> {
    return runStrategy<SocialIdentity>(strategy, req);
  }
}
