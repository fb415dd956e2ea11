import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { CredentialCacheSettings } from '../config/settings';
import { copyEntity } from './copy';
import { CredentialKeys } from './credential-keys';
import { VERSION_STORE, type VersionStore } from './version-store';

interface Entry {
  /** Undefined until the second read: the first only learns which versions the value depends on. */
  value?: unknown;
  keys: readonly string[];
  /** The versions read before the value was read from the database (epoch first). */
  versions?: readonly (string | null)[];
  expiresAt: number;
}

/** The versions a value was checked against, and this process's generation at that moment. */
export interface Check {
  versions: ReadonlyMap<string, string | null>;
  generation: number;
}

/** A value, and its check when one was made: a value derived from it reuses it (see `derived`). */
export interface Checked<T> {
  value: T;
  check: Check | null;
}

/** Changes waiting for their transaction to commit, on the query runner's own data. */
export const PENDING_CHANGES = Symbol('credential-cache.pending');

/**
 * Credentials (tokens, sessions, with their user) and the user resource, in memory after the first
 * read, so that an authenticated read costs no SQL. Strict about revocation:
 * - a change (`changed`) evicts what depends on it in this process before it returns, and writes new
 *   versions to Redis (REDIS_URL), awaited, so the revoking response leaves after every instance
 *   would refuse;
 * - with Redis, every hit first reads its versions there (one round trip) and is served only if none
 *   changed; when Redis cannot answer, the database answers and the cache is emptied;
 * - values are stored only under versions read before the database read, and only if no change
 *   happened in this process meanwhile, so a read racing a revocation never caches the old state.
 * Entries also expire after CREDENTIAL_CACHE_TTL seconds, whatever the versions say.
 */
@Injectable()
export class CredentialCache implements OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every change in this process: a read that saw another value must not store. */
  private generation = 0;
  /** Reads answered from memory, and reads that went to the database (for operators and tests). */
  hits = 0;
  misses = 0;

  constructor(
    private readonly settings: CredentialCacheSettings,
    private readonly clock: Clock,
    @Inject(VERSION_STORE) private readonly store: VersionStore,
  ) {}

  get enabled(): boolean {
    return this.settings.ttlSeconds > 0;
  }

  /**
   * The value under `key`, from memory while its versions hold, else from `load` (the database).
   * `keysOf` names the versions a loaded value depends on; they must not change for one key (a
   * token's user is fixed), which is what lets the next read fetch them before the database.
   */
  async read<T extends object>(
    key: string,
    load: () => Promise<T | null>,
    keysOf: (value: T) => readonly string[],
  ): Promise<Checked<T> | null> {
    if (!this.enabled) return wrap(await load());
    const entry = this.fresh(key);
    if (!entry) return this.learn(key, load, keysOf);

    const generation = this.generation;
    const current = await this.store.read(entry.keys);
    if (!current) {
      // Revocations elsewhere cannot be seen: nothing cached may be trusted now.
      this.entries.clear();
      this.misses++;
      return wrap(await load());
    }
    // A change in this process while Redis answered may have evicted the entry: then it is not served.
    // (A fresher fill of the same key replacing it is no reason to miss.)
    if (entry.value !== undefined && entry.versions && sameVersions(entry.versions, current)) {
      if (generation === this.generation) {
        this.hits++;
        return wrap(entry.value as T, this.check(entry.keys, current, generation));
      }
    }
    this.misses++;
    const value = await load();
    if (!value) this.entries.delete(key);
    else if (generation === this.generation && sameKeys(keysOf(value), entry.keys)) {
      this.entries.delete(key);
      this.entries.set(key, { value, keys: entry.keys, versions: current, expiresAt: this.expiry() });
    }
    return wrap(value, this.check(entry.keys, current, generation));
  }

  /**
   * A value computed from others (the user resource from its user), cached under `keys`, all of which
   * `check` covered: no second round trip. Built and not kept when there was no such check, or when
   * anything changed in this process since (the caller's objects may hold what it changed).
   */
  async derived<T extends object>(
    key: string,
    keys: readonly string[],
    check: Check | undefined,
    build: () => Promise<T>,
  ): Promise<T> {
    const generation = this.generation;
    if (
      !this.enabled ||
      !check ||
      check.generation !== generation ||
      !keys.every((k) => check.versions.has(k))
    ) {
      return build();
    }
    const versions = [check.versions.get(EPOCH) ?? null, ...keys.map((k) => check.versions.get(k) ?? null)];
    const entry = this.fresh(key);
    if (entry?.value !== undefined && entry.versions && sameVersions(entry.versions, versions)) {
      return copyEntity(entry.value as T);
    }
    const value = await build();
    if (generation === this.generation) {
      this.makeRoom();
      this.entries.set(key, { value, keys, versions, expiresAt: this.expiry() });
    }
    return copyEntity(value);
  }

  /**
   * Drops everything this process holds (its next reads refill from the database). For writes the
   * app cannot see: SQL run by hand, a restored backup, a test that truncates the tables.
   */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Drops one entry (a value that looks expired is read again from the database before it is refused). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Updates a cached value in place (its own copy of bookkeeping such as last use). */
  amend<T>(key: string, change: (value: T) => void): void {
    const entry = this.entries.get(key);
    if (entry?.value !== undefined) change(entry.value as T);
  }

  /**
   * What `keys` name changed (a revocation, a role, a password). Evicts at once; then, after the
   * commit of `manager`'s transaction when it has one, writes new versions for every instance.
   */
  async changed(keys: readonly string[], manager?: EntityManager): Promise<void> {
    this.evict(keys);
    const runner = manager?.queryRunner;
    if (runner?.isTransactionActive) {
      const pending = ((runner.data as Record<symbol, string[]>)[PENDING_CHANGES] ??= []);
      pending.push(...keys);
      return;
    }
    await this.publish(keys);
  }

  /** The user row or the user resource changed (roles, profile, two-factor, social links, …). */
  userChanged(userId: number): Promise<void> {
    return this.changed([CredentialKeys.user(userId)]);
  }

  /** Called after a commit with the changes made in the transaction. */
  async publish(keys: readonly string[]): Promise<void> {
    if (!keys.length) return;
    // Evicted again: a read that started before the commit may have stored the old state meanwhile.
    this.evict(keys);
    if (this.store.shared) await this.store.bump(keys);
  }

  onModuleDestroy(): Promise<void> {
    return this.store.close();
  }

  private evict(keys: readonly string[]): void {
    this.generation++;
    for (const [key, entry] of this.entries) {
      if (entry.keys.some((k) => keys.includes(k))) this.entries.delete(key);
    }
  }

  /** First sight of a key: the database answers, and the keys it depends on are remembered. */
  private async learn<T extends object>(
    key: string,
    load: () => Promise<T | null>,
    keysOf: (value: T) => readonly string[],
  ): Promise<Checked<T> | null> {
    const generation = this.generation;
    this.misses++;
    const value = await load();
    if (!value || generation !== this.generation) return wrap(value);
    this.makeRoom();
    // In one process, no version can change unseen: the value itself may be kept at once.
    this.entries.set(key, {
      keys: keysOf(value),
      expiresAt: this.expiry(),
      ...(!this.store.shared && { value, versions: [] }),
    });
    return wrap(value);
  }

  private check(keys: readonly string[], versions: readonly (string | null)[], generation: number): Check {
    const map = new Map<string, string | null>([[EPOCH, versions[0] ?? null]]);
    keys.forEach((k, i) => map.set(k, versions[i + 1] ?? null));
    return { versions: map, generation };
  }

  private fresh(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.clock.nowMs()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private expiry(): number {
    return this.clock.nowMs() + this.settings.ttlSeconds * 1000;
  }

  /** Oldest first (a Map keeps insertion order). */
  private makeRoom(): void {
    while (this.entries.size >= this.settings.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) return;
      this.entries.delete(oldest);
    }
  }
}

const EPOCH = '';

/** Every caller gets its own copy: what a request changes on it stays in that request. */
function wrap<T extends object>(value: T | null, check: Check | null = null): Checked<T> | null {
  return value ? { value: copyEntity(value), check } : null;
}

function sameVersions(a: readonly (string | null)[], b: readonly (string | null)[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return sameVersions(a, b);
}
