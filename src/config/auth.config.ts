import { resolve } from 'node:path';
import { resolveAppKey } from './app-key';
import { validateEnvironment } from './env.validation';

export const FEATURES = ['sessions', 'tokens', 'registration', 'two-factor', 'social'] as const;
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
  varDir: string;
  redisUrl?: string;
  mailUrl?: string;
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
  features: ReadonlySet<Feature>;
  appLinkAllowlist: string[];
  defaultCurrency: string;
  trustProxy: string | boolean;
  bodyLimit: string;

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
    varDir,
    redisUrl: e.REDIS_URL,
    mailUrl: e.MAIL_URL,
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
    features: new Set(features as Feature[]),
    appLinkAllowlist: e.APP_LINK_ALLOWLIST ? list(e.APP_LINK_ALLOWLIST) : [frontendUrl],
    defaultCurrency: e.DEFAULT_CURRENCY ?? 'USD',
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    bodyLimit: e.BODY_LIMIT ?? '100kb',
  });
  if (production && config.bcryptRounds < 10) {
    throw new Error('Invalid configuration:\n  - BCRYPT_ROUNDS below 10 is refused in production');
  }
  return config;
}

function parseTrustProxy(v: string | undefined): string | boolean {
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  return v;
}
