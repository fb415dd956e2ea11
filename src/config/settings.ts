import type { AppConfig, Feature, ProviderConfig, SocialProvider } from './auth.config';

/**
 * Typed slices of the configuration, each provided on its own (SettingsModule), so that a service
 * names the part it depends on rather than the whole AppConfig.
 */

/** The app's name, its public addresses and where redirects may lead. */
export class AppSettings {
  constructor(
    readonly name: string,
    readonly url: string,
    readonly frontendUrl: string,
    /** Prefixes that social and verification redirects may end on (mobile app links). */
    readonly appLinkAllowlist: readonly string[],
    readonly production: boolean,
  ) {}
}

/** AUTH_FEATURES: the optional parts of the contract that are switched on. */
export class FeatureSettings {
  constructor(private readonly features: ReadonlySet<Feature>) {}

  has(feature: Feature): boolean {
    return this.features.has(feature);
  }
}

/** The application key and what is derived from it, and the cost of password hashes. */
export class CryptoSettings {
  constructor(
    readonly appKey: Buffer,
    readonly bcryptRounds: number,
    /** Password hashes computed at once (about one per core), and how many may wait for a turn. */
    readonly hashConcurrency: number,
    readonly hashQueue: number,
  ) {}
}

export class SessionSettings {
  constructor(
    readonly cookie: string,
    readonly lifetimeMinutes: number,
    readonly absoluteLifetimeMinutes: number,
    readonly domain: string | undefined,
    readonly sameSite: 'lax' | 'strict' | 'none',
    readonly secure: boolean,
    /** Hosts whose requests are first-party (cookie sessions), Sanctum's stateful domains. */
    readonly statefulDomains: readonly string[],
  ) {}
}

export class TokenSettings {
  constructor(
    readonly expirationMinutes: number | undefined,
    readonly prefix: string,
  ) {}
}

export class PasswordSettings {
  constructor(
    /** How long a password confirmation counts. */
    readonly confirmationTimeoutSeconds: number,
  ) {}
}

export class ThrottleSettings {
  constructor(
    readonly redisUrl: string | undefined,
    readonly redisPrefix: string,
    /** Requests a minute per IP on each credential endpoint. */
    readonly ipRateLimit: number,
  ) {}
}

/** The in-memory credential cache and the Redis that carries its revocations across instances. */
export class CredentialCacheSettings {
  constructor(
    /** 0: no cache, every authenticated request reads the database. */
    readonly ttlSeconds: number,
    readonly maxEntries: number,
    readonly redisUrl: string | undefined,
    readonly redisPrefix: string,
  ) {}
}

export class MailSettings {
  constructor(
    readonly url: string | undefined,
    readonly from: string,
    /** MAIL_TEMPLATES_DIR: template files that replace the shipped ones of the same name. */
    readonly templatesDir?: string,
  ) {}
}

export class SocialSettings {
  constructor(
    /** Only providers whose credentials are set; the others answer 404. */
    readonly providers: Partial<Record<SocialProvider, ProviderConfig>>,
  ) {}
}

/** The WebAuthn relying party (passkeys): its id, its display name, the origins allowed to use it. */
export class WebAuthnSettings {
  constructor(
    readonly rpId: string,
    readonly rpName: string,
    readonly origins: readonly string[],
  ) {}
}

/** Every slice, built from the validated configuration. */
export function settingsOf(c: AppConfig) {
  const s = c.session;
  return [
    new AppSettings(c.appName, c.appUrl, c.frontendUrl, c.appLinkAllowlist, c.production),
    new FeatureSettings(c.features),
    new CryptoSettings(c.appKey, c.bcryptRounds, c.passwordHashConcurrency, c.passwordHashQueue),
    new SessionSettings(
      s.cookie,
      s.lifetimeMinutes,
      s.absoluteLifetimeMinutes,
      s.domain,
      s.sameSite,
      s.secure,
      c.statefulDomains,
    ),
    new TokenSettings(c.tokenExpirationMinutes, c.tokenPrefix),
    new PasswordSettings(c.passwordTimeoutSeconds),
    new ThrottleSettings(c.redisUrl, c.redisPrefix, c.ipRateLimit),
    new CredentialCacheSettings(
      c.credentialCacheTtlSeconds,
      c.credentialCacheSize,
      c.redisUrl,
      c.redisPrefix,
    ),
    new MailSettings(c.mailUrl, c.mailFrom, c.mailTemplatesDir),
    new SocialSettings(c.providers),
    new WebAuthnSettings(c.webauthn.rpId, c.webauthn.rpName, c.webauthn.origins),
  ];
}
