import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { resolveAppKey } from './app-key';
import { validateEnvironment, type EnvironmentVariables } from './env.validation';
import { webAuthnConfig, type WebAuthnConfig } from './webauthn.config';

export type SocialProvider = 'google' | 'facebook' | 'twitter';
export const SOCIAL_PROVIDERS: SocialProvider[] = ['google', 'facebook', 'twitter'];

/** OAuth 2 client settings (Google, Facebook) or OAuth 1.0a consumer settings (Twitter). */
export interface ProviderConfig {
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  profileUrl: string;
  /** Twitter (OAuth 1.0a) only. */
  requestTokenUrl?: string;
}

export const FEATURES = ['sessions', 'tokens', 'registration', 'two-factor', 'social', 'passkeys'] as const;
export type Feature = (typeof FEATURES)[number];

/** Typed, validated configuration. Injected by class so consumers never read process.env. */
export class AppConfig {
  port: number;
  appName: string;
  appUrl: string;
  appEnv: string;
  production: boolean;
  appKey: Buffer;
  frontendUrl: string;
  statefulDomains: string[];
  databaseUrl?: string;
  databasePoolSize: number;
  varDir: string;
  redisUrl?: string;
  /** Namespace of this deployment's keys in a shared Redis. */
  redisPrefix: string;
  /** Seconds a cached credential may be served between version checks' refills; 0 turns the cache off. */
  credentialCacheTtlSeconds: number;
  credentialCacheSize: number;
  /** bcrypt computations at once, and how many may wait before 503. */
  passwordHashConcurrency: number;
  passwordHashQueue: number;
  mailUrl?: string;
  mailTemplatesDir?: string;
  /** `json` lines for collectors (default in production), `text` for people. */
  logFormat: 'json' | 'text';
  accessLog: boolean;
  mailFrom: string;
  session: {
    cookie: string;
    lifetimeMinutes: number;
    absoluteLifetimeMinutes: number;
    domain?: string;
    sameSite: 'lax' | 'strict' | 'none';
    secure: boolean;
  };
  tokenExpirationMinutes?: number;
  tokenPrefix: string;
  passwordTimeoutSeconds: number;
  bcryptRounds: number;
  ipRateLimit: number;
  /** Seconds after which an unfinished request is answered 503. */
  requestTimeoutSeconds: number;
  features: ReadonlySet<Feature>;
  appLinkAllowlist: string[];
  trustProxy: string | boolean | number;
  bodyLimit: string;
  /** Whether /docs and /docs/json are served (off in production unless DOCS_ENABLED=true). */
  docsEnabled: boolean;
  /** Only providers whose credentials are set; the others answer 404. */
  providers: Partial<Record<SocialProvider, ProviderConfig>>;
  /** The WebAuthn relying party of passkeys. */
  webauthn: WebAuthnConfig;

  has(feature: Feature): boolean {
    return this.features.has(feature);
  }
}

const SANCTUM_STATEFUL = ['localhost', 'localhost:3000', '127.0.0.1', '127.0.0.1:8000', '::1'];
const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** What a production start refuses unless told explicitly: defaults meant for a developer's machine. */
function productionRefusals(e: EnvironmentVariables, config: AppConfig): string[] {
  const refused: string[] = [];
  if (config.bcryptRounds < 10) refused.push('BCRYPT_ROUNDS below 10 is refused in production');
  if (!config.databaseUrl && !e.ALLOW_EMBEDDED_DATABASE)
    refused.push(
      'DATABASE_URL is required in production: the embedded database is for development ' +
        '(set ALLOW_EMBEDDED_DATABASE=true to run on it anyway)',
    );
  if (!config.mailUrl && !e.MAIL_TO_LOG)
    refused.push(
      'MAIL_URL is required in production: without it every mail, reset links included, is written ' +
        'to the log (set MAIL_TO_LOG=true to accept that)',
    );
  return refused;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = validateEnvironment(env);
  const appEnv = e.APP_ENV ?? 'development';
  const production = appEnv === 'production';
  const varDir = resolve(e.VAR_DIR ?? 'var');
  const port = e.PORT ?? 3000;
  const appUrl = (e.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const frontendUrl = (e.FRONTEND_URL ?? 'http://localhost:3000').replace(/\/+$/, '');

  const features = e.AUTH_FEATURES ? list(e.AUTH_FEATURES) : [...FEATURES];
  const unknown = features.filter((f) => !(FEATURES as readonly string[]).includes(f));
  if (unknown.length) {
    throw new Error(`Invalid configuration:\n  - AUTH_FEATURES has unknown entries: ${unknown.join(', ')}`);
  }

  const stateful = e.STATEFUL_DOMAINS !== undefined ? list(e.STATEFUL_DOMAINS) : [...SANCTUM_STATEFUL];
  const appHost = new URL(appUrl).host;
  if (!stateful.includes(appHost)) stateful.push(appHost);

  const sameSite = (e.SESSION_SAME_SITE ?? 'lax') as AppConfig['session']['sameSite'];
  const secure = e.SESSION_SECURE_COOKIE ?? production;
  if (sameSite === 'none' && !secure) {
    throw new Error('Invalid configuration:\n  - SESSION_SAME_SITE=none requires SESSION_SECURE_COOKIE=true');
  }

  const config = Object.assign(new AppConfig(), {
    port,
    appName: e.APP_NAME ?? 'Auth API',
    appUrl,
    appEnv,
    production,
    appKey: resolveAppKey(e.APP_KEY, production, varDir),
    frontendUrl,
    statefulDomains: stateful,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE ?? 10,
    varDir,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX ?? 'auth',
    credentialCacheTtlSeconds: e.CREDENTIAL_CACHE_TTL ?? 60,
    credentialCacheSize: e.CREDENTIAL_CACHE_SIZE ?? 10_000,
    // One core stays with the event loop: on 2 cores, 2 hashes at once cut authenticated reads by 3/4.
    passwordHashConcurrency: e.PASSWORD_HASH_CONCURRENCY ?? Math.max(1, availableParallelism() - 1),
    passwordHashQueue: e.PASSWORD_HASH_QUEUE ?? 200,
    mailUrl: e.MAIL_URL,
    mailTemplatesDir: e.MAIL_TEMPLATES_DIR ? resolve(e.MAIL_TEMPLATES_DIR) : undefined,
    logFormat: (e.LOG_FORMAT as 'json' | 'text' | undefined) ?? (production ? 'json' : 'text'),
    accessLog: e.ACCESS_LOG ?? true,
    mailFrom: e.MAIL_FROM ?? 'no-reply@localhost',
    session: {
      cookie: e.SESSION_COOKIE ?? 'app_session',
      lifetimeMinutes: e.SESSION_LIFETIME ?? 120,
      absoluteLifetimeMinutes: e.SESSION_ABSOLUTE_LIFETIME ?? 43200,
      domain: e.SESSION_DOMAIN || undefined,
      sameSite,
      secure,
    },
    tokenExpirationMinutes: e.TOKEN_EXPIRATION,
    tokenPrefix: e.TOKEN_PREFIX ?? '',
    passwordTimeoutSeconds: e.PASSWORD_TIMEOUT ?? 10800,
    bcryptRounds: e.BCRYPT_ROUNDS ?? 12,
    ipRateLimit: e.IP_RATE_LIMIT ?? 60,
    requestTimeoutSeconds: e.REQUEST_TIMEOUT ?? 30,
    features: new Set(features as Feature[]),
    appLinkAllowlist: e.APP_LINK_ALLOWLIST ? list(e.APP_LINK_ALLOWLIST) : [frontendUrl],
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    bodyLimit: e.BODY_LIMIT ?? '100kb',
    docsEnabled: e.DOCS_ENABLED ?? !production,
    providers: providersFrom(e),
    webauthn: webAuthnConfig(e, {
      frontendUrl,
      appName: e.APP_NAME ?? 'Auth API',
      production,
      enabled: features.includes('passkeys'),
    }),
  });
  const refused = production ? productionRefusals(e, config) : [];
  if (refused.length) throw new Error(`Invalid configuration:\n${refused.map((r) => `  - ${r}`).join('\n')}`);
  return config;
}

/** Fastify's `trustProxy`: true/false, a hop count (`1`: one proxy in front), or addresses/subnets. */
function parseTrustProxy(v: string | undefined): string | boolean | number {
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  // A bare number is a hop count; the string '1' would otherwise be read as an address.
  return /^\d+$/.test(v) ? Number(v) : v;
}

type Env = ReturnType<typeof validateEnvironment>;

/** Provider endpoints default to the real ones; tests point them at local fakes. */
function providersFrom(e: Env): AppConfig['providers'] {
  const providers: AppConfig['providers'] = {};
  if (e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET) {
    providers.google = {
      clientId: e.GOOGLE_CLIENT_ID,
      clientSecret: e.GOOGLE_CLIENT_SECRET,
      authorizationUrl: e.GOOGLE_AUTHORIZATION_URL ?? 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: e.GOOGLE_TOKEN_URL ?? 'https://www.googleapis.com/oauth2/v4/token',
      profileUrl: e.GOOGLE_USERINFO_URL ?? 'https://www.googleapis.com/oauth2/v3/userinfo',
    };
  }
  if (e.FACEBOOK_CLIENT_ID && e.FACEBOOK_CLIENT_SECRET) {
    providers.facebook = {
      clientId: e.FACEBOOK_CLIENT_ID,
      clientSecret: e.FACEBOOK_CLIENT_SECRET,
      authorizationUrl: e.FACEBOOK_AUTHORIZATION_URL ?? 'https://www.facebook.com/v19.0/dialog/oauth',
      tokenUrl: e.FACEBOOK_TOKEN_URL ?? 'https://graph.facebook.com/v19.0/oauth/access_token',
      profileUrl: e.FACEBOOK_PROFILE_URL ?? 'https://graph.facebook.com/v19.0/me',
    };
  }
  if (e.TWITTER_CONSUMER_KEY && e.TWITTER_CONSUMER_SECRET) {
    providers.twitter = {
      clientId: e.TWITTER_CONSUMER_KEY,
      clientSecret: e.TWITTER_CONSUMER_SECRET,
      requestTokenUrl: e.TWITTER_REQUEST_TOKEN_URL ?? 'https://api.twitter.com/oauth/request_token',
      tokenUrl: e.TWITTER_ACCESS_TOKEN_URL ?? 'https://api.twitter.com/oauth/access_token',
      authorizationUrl: e.TWITTER_AUTHORIZATION_URL ?? 'https://api.twitter.com/oauth/authenticate',
      profileUrl: e.TWITTER_PROFILE_URL ?? 'https://api.twitter.com/1.1/account/verify_credentials.json',
    };
  }
  return providers;
}
