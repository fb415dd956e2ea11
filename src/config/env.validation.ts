import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const url = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * Every variable of docs/http-contract.md §2, as strings from the environment. Defaults are applied in
 * auth.config.ts.
 */
export class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsUrl(url) APP_URL?: string;
  @IsOptional() @IsIn(['development', 'production', 'test', 'local']) APP_ENV?: string;
  @IsOptional() @IsString() APP_KEY?: string;
  @IsOptional() @IsString() APP_NAME?: string;
  @IsOptional() @IsUrl(url) FRONTEND_URL?: string;
  @IsOptional() @IsString() STATEFUL_DOMAINS?: string;
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;
  @IsOptional() @IsString() VAR_DIR?: string;
  @IsOptional() @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' }) REDIS_URL?: string;
  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'REDIS_PREFIX must be 1-64 of [A-Za-z0-9:_-]' })
  REDIS_PREFIX?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(3600) CREDENTIAL_CACHE_TTL?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000) CREDENTIAL_CACHE_SIZE?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64) PASSWORD_HASH_CONCURRENCY?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(100_000) PASSWORD_HASH_QUEUE?: number;
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'MAIL_URL must be an smtp:// or smtps:// URL' })
  MAIL_URL?: string;
  @IsOptional() @IsString() MAIL_FROM?: string;
  @IsOptional() @IsString() MAIL_TEMPLATES_DIR?: string;
  @IsOptional() @IsIn(['json', 'text']) LOG_FORMAT?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() ACCESS_LOG?: boolean;
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'SESSION_COOKIE must be a plain cookie name' })
  SESSION_COOKIE?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) SESSION_LIFETIME?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) SESSION_ABSOLUTE_LIFETIME?: number;
  @IsOptional() @IsString() SESSION_DOMAIN?: string;
  @IsOptional() @IsIn(['lax', 'strict', 'none']) SESSION_SAME_SITE?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() SESSION_SECURE_COOKIE?: boolean;
  @IsOptional() @Transform(toBool) @IsBoolean() ALLOW_EMBEDDED_DATABASE?: boolean;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100) DATABASE_POOL_SIZE?: number;
  @IsOptional() @Transform(toBool) @IsBoolean() MAIL_TO_LOG?: boolean;
  @IsOptional() @Transform(toBool) @IsBoolean() DOCS_ENABLED?: boolean;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) TOKEN_EXPIRATION?: number;
  @IsOptional()
  @Matches(/^[A-Za-z0-9_]{0,16}$/, { message: 'TOKEN_PREFIX must be at most 16 of [A-Za-z0-9_]' })
  TOKEN_PREFIX?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) PASSWORD_TIMEOUT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(4) @Max(15) BCRYPT_ROUNDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) IP_RATE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600) REQUEST_TIMEOUT?: number;
  @IsOptional() @IsString() AUTH_FEATURES?: string;
  @IsOptional() @IsString() APP_LINK_ALLOWLIST?: string;
  @IsOptional() @IsString() TRUST_PROXY?: string;

  @IsOptional() @IsString() GOOGLE_CLIENT_ID?: string;
  @IsOptional() @IsString() GOOGLE_CLIENT_SECRET?: string;
  @IsOptional() @IsUrl(url) GOOGLE_AUTHORIZATION_URL?: string;
  @IsOptional() @IsUrl(url) GOOGLE_TOKEN_URL?: string;
  @IsOptional() @IsUrl(url) GOOGLE_USERINFO_URL?: string;
  @IsOptional() @IsString() FACEBOOK_CLIENT_ID?: string;
  @IsOptional() @IsString() FACEBOOK_CLIENT_SECRET?: string;
  @IsOptional() @IsUrl(url) FACEBOOK_AUTHORIZATION_URL?: string;
  @IsOptional() @IsUrl(url) FACEBOOK_TOKEN_URL?: string;
  @IsOptional() @IsUrl(url) FACEBOOK_PROFILE_URL?: string;
  @IsOptional() @IsString() TWITTER_CONSUMER_KEY?: string;
  @IsOptional() @IsString() TWITTER_CONSUMER_SECRET?: string;
  @IsOptional() @IsUrl(url) TWITTER_REQUEST_TOKEN_URL?: string;
  @IsOptional() @IsUrl(url) TWITTER_ACCESS_TOKEN_URL?: string;
  @IsOptional() @IsUrl(url) TWITTER_AUTHORIZATION_URL?: string;
  @IsOptional() @IsUrl(url) TWITTER_PROFILE_URL?: string;
  @IsOptional() @IsString() WEBAUTHN_RP_ID?: string;
  @IsOptional() @IsString() WEBAUTHN_RP_NAME?: string;
  @IsOptional() @IsString() WEBAUTHN_ORIGINS?: string;
  @IsOptional()
  @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT?: string;
}

/** Validates process.env; throws one error that lists every bad variable. */
export function validateEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const parsed = plainToInstance(EnvironmentVariables, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { skipMissingProperties: false, whitelist: false });
  if (errors.length) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  - ${m}`));
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed;
}
