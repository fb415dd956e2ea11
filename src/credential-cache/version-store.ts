import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CredentialCacheSettings } from '../config/settings';

/** The VersionStore provider. */
export const VERSION_STORE = Symbol('VERSION_STORE');

/** Redis when REDIS_URL is set, else this process alone. */
export function versionStoreFor(settings: CredentialCacheSettings): VersionStore {
  return settings.redisUrl
    ? new RedisVersionStore(settings.redisUrl, `${settings.redisPrefix}:cred`, settings.ttlSeconds + 60)
    : new LocalVersionStore();
}

/**
 * Where credential versions live. A cached credential is served only while every version it was read
 * under is still current; a revocation writes a new one. Versions are random, never counters, so
 * that a key that expired and was written again can never come back to an old value.
 */
export interface VersionStore {
  /** True when other instances share the versions (Redis); false: this process alone. */
  readonly shared: boolean;
  /** The current versions of `keys`, in order, in one round trip; null when the store cannot answer. */
  read(keys: readonly string[]): Promise<(string | null)[] | null>;
  /** New versions for `keys`; false when they could not be written. */
  bump(keys: readonly string[]): Promise<boolean>;
  close(): Promise<void>;
}

/** One process: eviction alone revokes, so there is nothing to read. */
export class LocalVersionStore implements VersionStore {
  readonly shared = false;

  read(): Promise<(string | null)[]> {
    return Promise.resolve([]);
  }

  bump(): Promise<boolean> {
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const COMMAND_TIMEOUT_MS = 250;
/** After a failure, reads skip Redis (and go to the database) this long before trying it again. */
const RETRY_AFTER_MS = 1000;

const newVersion = () => randomBytes(9).toString('base64url');

/**
 * Versions in Redis, shared by every instance. Each read also fetches the deployment's epoch: when a
 * revocation could not be written (Redis away), the epoch is replaced as soon as Redis answers again,
 * which invalidates every instance's cache at once, including any entry the lost write concerned.
 * A version that is missing (expired, evicted, a Redis restarted empty) is created anew on read, so
 * it never matches what a cached value was stored under.
 */
export class RedisVersionStore implements VersionStore {
  readonly shared = true;
  private readonly logger = new Logger('CredentialCache');
  private readonly redis: Redis;
  private readonly epochKey: string;
  private unavailableUntil = 0;
  private lostWrites = false;
  private reported = false;

  constructor(
    url: string,
    private readonly prefix: string,
    /** Seconds a version key outlives the longest-lived cache entry that may hold it. */
    private readonly keySeconds: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.epochKey = `${prefix}:epoch`;
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      lazyConnect: false,
    });
    this.redis.on('error', () => undefined);
  }

  async read(keys: readonly string[]): Promise<(string | null)[] | null> {
    if (!(await this.usable())) return null;
    try {
      const names = [this.epochKey, ...keys.map((k) => this.key(k))];
      const versions = await this.redis.mget(...names);
      this.recovered();
      return versions.includes(null) ? await this.create(names, versions) : versions;
    } catch (err) {
      this.failed('read', err);
      return null;
    }
  }

  /**
   * Versions that do not exist yet are created (a new random value, if no other instance made one
   * first): a version key that expired or was evicted, or a Redis restarted empty, then reads as a
   * change, never as "unchanged since the value was cached".
   */
  private async create(names: string[], versions: (string | null)[]): Promise<(string | null)[]> {
    const missing = names.filter((_, i) => versions[i] === null);
    const pipeline = this.redis.multi();
    for (const name of missing) {
      if (name === this.epochKey) pipeline.set(name, newVersion(), 'NX');
      else pipeline.set(name, newVersion(), 'EX', this.keySeconds, 'NX');
    }
    pipeline.mget(...missing);
    const results = await pipeline.exec();
    const last = results?.[results.length - 1];
    if (!last || last[0]) throw last?.[0] ?? new Error('versions were not created');
    const created = last[1] as (string | null)[];
    return versions.map((v, i) => v ?? created[missing.indexOf(names[i])]);
  }

  async bump(keys: readonly string[]): Promise<boolean> {
    try {
      const pipeline = this.redis.multi();
      for (const key of keys) pipeline.set(this.key(key), newVersion(), 'EX', this.keySeconds);
      const results = await pipeline.exec();
      if (!results || results.some(([err]) => err)) throw new Error('a version was not written');
      this.recovered();
      return true;
    } catch (err) {
      this.lostWrites = true;
      this.failed('revocation write', err);
      this.renewWhenBack();
      return false;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }

  /** Before the first read after an outage in which a revocation was lost: a new epoch. */
  private async usable(): Promise<boolean> {
    if (this.nowMs() < this.unavailableUntil) return false;
    if (!this.lostWrites) return true;
    try {
      await this.redis.set(this.epochKey, newVersion());
      this.lostWrites = false;
      this.logger.warn('Redis is back: the credential cache epoch was renewed (every instance refills)');
      return true;
    } catch (err) {
      this.failed('epoch renewal', err);
      return false;
    }
  }

  /** Without waiting for a read: an instance with no traffic still renews the epoch promptly. */
  private renewWhenBack(): void {
    setTimeout(() => {
      void this.usable().then((ok) => {
        if (!ok || this.lostWrites) this.renewWhenBack();
      });
    }, RETRY_AFTER_MS).unref();
  }

  private failed(what: string, err: unknown): void {
    this.unavailableUntil = this.nowMs() + RETRY_AFTER_MS;
    // A command that timed out still waits in the connection's queue: a reply that arrives later
    // would be matched to the next command, one credential's versions read as another's. A new
    // connection starts with an empty queue.
    this.redis.disconnect(true);
    if (this.reported) return;
    this.reported = true;
    this.logger.error(
      `Credential versions unreachable (${what}: ${(err as Error)?.message}); authenticated reads use the database until Redis answers`,
    );
  }

  private recovered(): void {
    if (!this.reported) return;
    this.reported = false;
    this.logger.log('Credential versions reachable again');
  }

  private key(k: string): string {
    return `${this.prefix}:${k}`;
  }
}
