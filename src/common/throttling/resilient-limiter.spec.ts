import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterRedis } from 'rate-limiter-flexible';
import { Clock } from '../clock/clock';
import { FallbackLog, ResilientLimiter } from './resilient-limiter';

const OPTS = { points: 3, duration: 60 };

/**
 * Stands in for RateLimiterRedis: the shared counters are a RateLimiterMemory of their own, and
 * `up = false` makes every command fail the way a timed-out Redis command does. Records each call.
 */
class FlakyRedis {
  up = true;
  readonly calls: string[] = [];
  readonly shared = new RateLimiterMemory(OPTS);

  consume(key: string, points = 1) {
    return this.call(`consume ${key} ${points}`, () => this.shared.consume(key, points));
  }
  get(key: string) {
    return this.call(`get ${key}`, () => this.shared.get(key));
  }
  penalty(key: string, points = 1) {
    return this.call(`penalty ${key} ${points}`, () => this.shared.penalty(key, points));
  }
  reward(key: string, points = 1) {
    return this.call(`reward ${key} ${points}`, () => this.shared.reward(key, points));
  }
  delete(key: string) {
    return this.call(`delete ${key}`, () => this.shared.delete(key));
  }

  async count(key: string): Promise<number> {
    return (await this.shared.get(key))?.consumedPoints ?? 0;
  }

  private call<T>(what: string, op: () => Promise<T>): Promise<T> {
    this.calls.push(what);
    return this.up ? op() : Promise.reject(new Error('Command timed out'));
  }
}

class RecordingLogger {
  readonly lines: string[] = [];
  warn(message: string) {
    this.lines.push(`warn: ${message}`);
  }
  log(message: string) {
    this.lines.push(`log: ${message}`);
  }
}

/** Resolves to the RateLimiterRes a call resolved or rejected with (over-limit rejects with one). */
const settle = (p: Promise<RateLimiterRes | null>) =>
  p.then(
    (res) => ({ allowed: true, consumed: res?.consumedPoints ?? 0 }),
    (err: unknown) => {
      if (!(err instanceof RateLimiterRes)) throw err;
      return { allowed: false, consumed: err.consumedPoints };
    },
  );

describe('ResilientLimiter', () => {
  let clock: Clock;
  let redis: FlakyRedis;
  let memory: RateLimiterMemory;
  let logger: RecordingLogger;
  let limiter: ResilientLimiter;

  beforeEach(() => {
    clock = new Clock();
    clock.freeze(new Date('2030-01-01T00:00:00Z'));
    redis = new FlakyRedis();
    memory = new RateLimiterMemory(OPTS);
    logger = new RecordingLogger();
    limiter = new ResilientLimiter(
      redis as unknown as RateLimiterRedis,
      memory,
      new FallbackLog(logger as unknown as Logger, clock),
    );
  });

  it('counts in Redis while it answers, and mirrors each answer in process', async () => {
    expect(await settle(limiter.consume('ip:1'))).toEqual({ allowed: true, consumed: 1 });
    expect(await settle(limiter.consume('ip:1'))).toEqual({ allowed: true, consumed: 2 });
    expect(await redis.count('ip:1')).toBe(2);
    expect((await memory.get('ip:1'))?.consumedPoints).toBe(2);
    expect(logger.lines).toEqual([]);
  });

  it('falls back to the in-process count, starting from the last count Redis gave (no fresh budget)', async () => {
    await limiter.consume('ip:1');
    await limiter.consume('ip:1');
    redis.up = false;
    expect(await settle(limiter.consume('ip:1'))).toEqual({ allowed: true, consumed: 3 });
    expect(await settle(limiter.consume('ip:1'))).toEqual({ allowed: false, consumed: 4 });
    // A key this instance never saw starts from zero.
    expect(await settle(limiter.consume('ip:2'))).toEqual({ allowed: true, consumed: 1 });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn: Redis unavailable \(Command timed out\)/);
  });

  it('while Redis is away, tries it once a second, not on every call', async () => {
    redis.up = false;
    await settle(limiter.consume('ip:1'));
    const afterFailure = redis.calls.length;
    clock.advance(999);
    await settle(limiter.consume('ip:1'));
    await settle(limiter.get('ip:1'));
    await settle(limiter.penalty('ip:1'));
    expect(redis.calls).toHaveLength(afterFailure);
    clock.advance(1);
    await settle(limiter.consume('ip:1'));
    expect(redis.calls.length).toBeGreaterThan(afterFailure);
    const afterTrial = redis.calls.length;
    await settle(limiter.consume('ip:2'));
    expect(redis.calls).toHaveLength(afterTrial);
    expect(logger.lines.filter((l) => l.startsWith('warn:'))).toHaveLength(1);
  });

  it('hands what it counted during the outage back to Redis once it answers', async () => {
    await limiter.consume('ip:1'); // Redis: 1
    redis.up = false;
    await limiter.consume('ip:1'); // in process: 2
    clock.advance(1000); // (the trial of this call fails too)
    await limiter.penalty('ip:1', 2); // in process: 4 (and unsynced: 3)
    redis.up = true;
    clock.advance(1000);
    const before = redis.calls.length;
    expect(await settle(limiter.get('ip:1'))).toEqual({ allowed: true, consumed: 4 });
    expect(redis.calls.slice(before)).toEqual(['penalty ip:1 3', 'get ip:1']);
    expect(await redis.count('ip:1')).toBe(4);
    expect(logger.lines).toEqual([
      expect.stringMatching(/^warn: Redis unavailable/),
      'log: Redis answers again: throttling on shared counters',
    ]);
    // Handed back once: the next call does not add them again.
    await limiter.get('ip:1');
    expect(await redis.count('ip:1')).toBe(4);
  });

  it('hands back rewards, and makes Redis forget a key cleared during the outage', async () => {
    await limiter.consume('ip:1', 3); // Redis: 3 (at the limit)
    await limiter.consume('ip:2', 2); // Redis: 2
    redis.up = false;
    await limiter.reward('ip:1', 2); // in process 1, unsynced -2
    await limiter.delete('ip:2'); // a success cleared it
    await limiter.consume('ip:2'); // in process: 1
    redis.up = true;
    clock.advance(1000);
    await limiter.get('ip:1');
    expect(redis.calls).toContain('reward ip:1 2');
    expect(await redis.count('ip:1')).toBe(1);
    await limiter.get('ip:2');
    const fromSync = redis.calls.slice(redis.calls.lastIndexOf('delete ip:2'));
    expect(fromSync).toEqual(['delete ip:2', 'penalty ip:2 1', 'get ip:2']);
    expect(await redis.count('ip:2')).toBe(1);
  });

  it('passes an over-limit answer from Redis through as such: not an outage', async () => {
    await limiter.consume('ip:1', 3);
    expect(await settle(limiter.consume('ip:1'))).toEqual({ allowed: false, consumed: 4 });
    expect(logger.lines).toEqual([]);
    // It was mirrored: were Redis to go away now, the key stays throttled.
    redis.up = false;
    expect(await settle(limiter.consume('ip:1'))).toEqual({ allowed: false, consumed: 5 });
  });

  it('delete clears both counters while Redis answers', async () => {
    await limiter.consume('ip:1', 3);
    expect(await limiter.delete('ip:1')).toBe(true);
    expect(await redis.count('ip:1')).toBe(0);
    expect(await memory.get('ip:1')).toBeNull();
  });
});
