import { Clock } from '../common/clock/clock';
import { CredentialCacheSettings } from '../config/settings';
import { CredentialCache } from './credential-cache';
import { LocalVersionStore, type VersionStore } from './version-store';

/** The shared store as Redis would be: versions by key, and a switch to make it unreachable. */
class MemoryVersionStore implements VersionStore {
  readonly shared = true;
  readonly versions = new Map<string, string>();
  reachable = true;
  private next = 0;

  read(keys: readonly string[]): Promise<(string | null)[] | null> {
    if (!this.reachable) return Promise.resolve(null);
    return Promise.resolve(['epoch', ...keys.map((k) => this.versions.get(k) ?? null)]);
  }

  bump(keys: readonly string[]): Promise<boolean> {
    if (!this.reachable) return Promise.resolve(false);
    for (const k of keys) this.versions.set(k, `v${++this.next}`);
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A database read that answers when the test says so. */
function pending<T>() {
  let answer!: (value: T) => void;
  const promise = new Promise<T>((r) => (answer = r));
  return { promise, answer };
}

interface Row {
  id: string;
  userId: number;
  name: string;
}

const keysOf = (r: Row) => [`u:${r.userId}`, `t:${r.id}`];

function setup(store: VersionStore, ttlSeconds = 60) {
  const clock = new Clock();
  clock.freeze(new Date('2026-12-01T10:00:00Z'));
  const cache = new CredentialCache(
    new CredentialCacheSettings(ttlSeconds, 100, 'redis://x', 'p'),
    clock,
    store,
  );
  let row: Row | null = { id: '1', userId: 7, name: 'first' };
  let loads = 0;
  const load = () => {
    loads++;
    return Promise.resolve(row && { ...row });
  };
  return {
    cache,
    clock,
    read: () => cache.read('token:1', load, keysOf),
    loads: () => loads,
    setRow: (r: Row | null) => (row = r),
  };
}

describe('CredentialCache with a shared version store', () => {
  it('serves from memory from the third read, and each caller gets its own copy', async () => {
    const s = setup(new MemoryVersionStore());
    await s.read();
    await s.read();
    const a = await s.read();
    const b = await s.read();
    expect(s.loads()).toBe(2);
    expect(s.cache.hits).toBe(2);
    a!.value.name = 'changed by one request';
    expect(b!.value.name).toBe('first');
    expect((await s.read())!.value.name).toBe('first');
  });

  it('reads the database again once a version it depends on changed elsewhere', async () => {
    const store = new MemoryVersionStore();
    const s = setup(store);
    for (let i = 0; i < 3; i++) await s.read();
    s.setRow(null);
    await store.bump(['t:1']);
    expect(await s.read()).toBeNull();
    expect(s.loads()).toBe(3);
  });

  it('never stores what a read got from the database while a change happened in this process', async () => {
    const store = new MemoryVersionStore();
    const s = setup(store);
    await s.read(); // learns the keys
    const db = pending<Row | null>();
    const racing = s.cache.read('token:1', () => db.promise, keysOf);
    await Promise.resolve();
    await s.cache.changed(['t:1']);
    db.answer({ id: '1', userId: 7, name: 'revoked meanwhile' });
    expect((await racing)!.value.name).toBe('revoked meanwhile');

    s.setRow(null);
    expect(await s.read()).toBeNull();
  });

  it('answers from the database and keeps nothing while the store cannot answer', async () => {
    const store = new MemoryVersionStore();
    const s = setup(store);
    for (let i = 0; i < 3; i++) await s.read();
    store.reachable = false;
    s.setRow(null);
    expect(await s.read()).toBeNull();
    s.setRow({ id: '1', userId: 7, name: 'back' });
    store.reachable = true;
    expect((await s.read())!.value.name).toBe('back');
    expect(s.cache.hits).toBe(1);
  });

  it('drops an entry after the TTL whatever the versions say', async () => {
    const s = setup(new MemoryVersionStore(), 30);
    for (let i = 0; i < 3; i++) await s.read();
    s.clock.advance(30_000);
    s.setRow(null);
    expect(await s.read()).toBeNull();
  });

  it('caches a derived value only under the check of the same request and generation', async () => {
    const s = setup(new MemoryVersionStore());
    for (let i = 0; i < 2; i++) await s.read();
    const checked = (await s.read())!;
    let builds = 0;
    const build = () => Promise.resolve({ built: ++builds });
    await s.cache.derived('resource:7', ['u:7'], checked.check!, build);
    expect(await s.cache.derived('resource:7', ['u:7'], checked.check!, build)).toEqual({ built: 1 });

    await s.cache.changed(['u:7']);
    // The old check predates the change: built again, and not kept.
    expect(await s.cache.derived('resource:7', ['u:7'], checked.check!, build)).toEqual({ built: 2 });
    expect(await s.cache.derived('resource:7', ['u:7'], undefined, build)).toEqual({ built: 3 });
  });

  it('keeps nothing with a TTL of 0', async () => {
    const s = setup(new MemoryVersionStore(), 0);
    for (let i = 0; i < 3; i++) await s.read();
    expect(s.loads()).toBe(3);
  });
});

describe('CredentialCache in one process (no shared store)', () => {
  it('serves from memory from the second read, and a change evicts before it returns', async () => {
    const s = setup(new LocalVersionStore());
    await s.read();
    await s.read();
    expect(s.loads()).toBe(1);
    await s.cache.changed(['u:7']);
    s.setRow(null);
    expect(await s.read()).toBeNull();
  });

  it('never stores what a read got from the database while a change happened', async () => {
    const s = setup(new LocalVersionStore());
    const db = pending<Row | null>();
    const racing = s.cache.read('token:1', () => db.promise, keysOf);
    await s.cache.changed(['t:1']);
    db.answer({ id: '1', userId: 7, name: 'revoked meanwhile' });
    await racing;

    s.setRow(null);
    expect(await s.read()).toBeNull();
  });
});
