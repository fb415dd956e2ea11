import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TokenAbility } from '../common/auth/abilities';
import { TokenSettings } from '../config/settings';
import { Clock } from '../common/clock/clock';
import { safeEqual, sha256Hex } from '../common/crypto/hashing';
import { CredentialCache } from '../credential-cache/credential-cache';
import { CredentialKeys } from '../credential-cache/credential-keys';
import { markChecked } from '../credential-cache/checked-versions';
import type { User } from '../users/user.entity';
import type { PersonalAccessToken } from './personal-access-token.entity';
import { generateSecret, parseBearer } from './token-format';
import { TokensRepository, type TokenWithUser } from './tokens.repository';

const LAST_USED_INTERVAL_MS = 60_000;

export interface IssueTokenOptions {
  name?: string;
  abilities?: string[];
  deviceName?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  fcmToken?: string | null;
  expiresAt?: Date | null;
}

export interface IssuedToken {
  token: PersonalAccessToken;
  plainText: string;
}

@Injectable()
export class TokensService {
  private readonly logger = new Logger(TokensService.name);

  constructor(
    private readonly repo: TokensRepository,
    private readonly settings: TokenSettings,
    private readonly clock: Clock,
    private readonly cache: CredentialCache,
  ) {}

  /** `manager` writes the token in the caller's transaction. */
  async issue(
    user: Pick<User, 'id'>,
    options: IssueTokenOptions = {},
    manager?: EntityManager,
  ): Promise<IssuedToken> {
    const secret = generateSecret(this.settings.prefix);
    const now = this.clock.now();
    const token = await this.repo.insert(
      {
        userId: user.id,
        name: options.name ?? 'api',
        tokenHash: sha256Hex(secret),
        abilities: options.abilities ?? [TokenAbility.All],
        lastUsedAt: null,
        expiresAt: options.expiresAt ?? null,
        deviceName: options.deviceName?.slice(0, 255) ?? null,
        ipAddress: options.ipAddress ?? null,
        userAgent: options.userAgent ?? null,
        fcmToken: options.fcmToken ?? null,
        passwordConfirmedAt: null,
        createdAt: now,
      },
      manager,
    );
    return { token, plainText: `${token.id}|${secret}` };
  }

  /**
   * Resolves a bearer value to its live token and user, or null. From the credential cache after the
   * first request (no SQL); else one indexed query. No write but the last-use mark, once a minute.
   */
  async authenticate(raw: string): Promise<TokenWithUser | null> {
    const parsed = parseBearer(raw, this.settings.prefix);
    if (!parsed) return null;
    const hash = sha256Hex(parsed.secret);
    const key = `token:${parsed.id ?? hash}`;
    const load = () => this.repo.findWithUser(parsed.id ? { id: parsed.id } : { tokenHash: hash });
    const keysOf = (t: TokenWithUser) => [CredentialKeys.user(t.userId), CredentialKeys.token(t.id)];
    let found = await this.cache.read(key, load, keysOf);
    if (found && !safeEqual(found.value.tokenHash, hash)) {
      // A wrong secret, or a row this copy predates (an id reused after a restore): the row decides.
      this.cache.forget(key);
      found = await this.cache.read(key, load, keysOf);
    }
    if (!found) return null;
    const token = found.value;
    if (!token.user || !safeEqual(token.tokenHash, hash)) return null;
    const now = this.clock.nowMs();
    if (this.isExpired(token, now)) return null;
    if (!token.lastUsedAt || now - token.lastUsedAt.getTime() >= LAST_USED_INTERVAL_MS) {
      // The cache's own copy, so that the mark stays once a minute while reads come from memory.
      this.cache.amend<PersonalAccessToken>(key, (t) => (t.lastUsedAt = new Date(now)));
      this.repo
        .markUsed(token.id, new Date(now), new Date(now - LAST_USED_INTERVAL_MS))
        .catch((err: unknown) => this.logger.warn(`last_used_at update failed: ${(err as Error).message}`));
    }
    markChecked(token.user, found.check);
    return token;
  }

  /** Removes a device push token from every token of the user that carries it. */
  async forgetPushToken(userId: number, fcmToken: string): Promise<void> {
    await this.repo.clearPushToken(userId, fcmToken);
    await this.cache.userChanged(userId);
  }

  /** The user's tokens of one name (`api` for login tokens), newest first. */
  listForUser(userId: number, name = 'api'): Promise<PersonalAccessToken[]> {
    return this.repo.listByName(userId, name);
  }

  findById(id: string): Promise<PersonalAccessToken | null> {
    return /^[1-9][0-9]{0,18}$/.test(id) ? this.repo.findById(id) : Promise.resolve(null);
  }

  async markPasswordConfirmed(token: PersonalAccessToken): Promise<void> {
    token.passwordConfirmedAt = this.clock.now();
    await this.repo.markPasswordConfirmed(token.id, token.passwordConfirmedAt);
    await this.cache.changed([CredentialKeys.token(token.id)]);
  }

  async revokeAllForUser(userId: number, exceptId?: string): Promise<string[]> {
    const revoked = await this.repo.deleteForUser(userId, exceptId);
    await this.cache.changed(revoked.map(CredentialKeys.token));
    return revoked;
  }

  /** False when the token was already gone (revoked by a concurrent request). */
  async revoke(tokenId: string): Promise<boolean> {
    const revoked = await this.repo.deleteById(tokenId);
    await this.cache.changed([CredentialKeys.token(tokenId)]);
    return revoked;
  }

  /** Deletes tokens past their expires_at (and, with TOKEN_EXPIRATION, older than it). */
  async pruneExpired(): Promise<number> {
    const now = this.clock.nowMs();
    const minutes = this.settings.expirationMinutes;
    return this.repo.deleteExpired(new Date(now), minutes ? new Date(now - minutes * 60_000) : undefined);
  }

  isExpired(token: PersonalAccessToken, now = this.clock.nowMs()): boolean {
    const expiry = this.effectiveExpiry(token);
    return !!expiry && expiry.getTime() <= now;
  }

  /** TOKEN_EXPIRATION is applied at check time (as Sanctum does), so changing it affects old tokens too. */
  effectiveExpiry(token: PersonalAccessToken): Date | null {
    const minutes = this.settings.expirationMinutes;
    const byConfig = minutes ? token.createdAt.getTime() + minutes * 60_000 : Infinity;
    const ms = Math.min(token.expiresAt?.getTime() ?? Infinity, byConfig);
    return Number.isFinite(ms) ? new Date(ms) : null;
  }
}
