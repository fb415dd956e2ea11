import type { Logger } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** The limiter operations the throttle uses. */
export interface Limiter {
  consume(key: string, points?: number): Promise<RateLimiterRes>;
  get(key: string): Promise<RateLimiterRes | null>;
  penalty(key: string, points?: number): Promise<RateLimiterRes>;
  reward(key: string, points?: number): Promise<RateLimiterRes>;
  delete(key: string): Promise<boolean>;
}

export interface FallbackEvents {
  /** False while Redis is away, except for one trial call a second. */
  shouldTry(): boolean;
  /** Redis failed or stalled (the command timed out): this call was answered in process. */
  fellBack(err: Error): void;
  /** Redis answered again. */
  recovered(): void;
}

const RETRY_INTERVAL_MS = 1000;

/**
 * Redis's state as the limiters saw it, shared by all of them: while it is away, calls go straight
 * to the in-process stand-in (one trial a second goes to Redis), so a stalled Redis costs each
 * request at most one command timeout a second instead of one per command. Says once that
 * throttling fell back, and once that Redis is back.
 */
export class FallbackLog implements FallbackEvents {
  private away = false;
  private lastTrial = 0;

  constructor(private readonly logger: Logger) {}

  shouldTry(): boolean {
    if (!this.away) return true;
    const now = Date.now();
    if (now - this.lastTrial < RETRY_INTERVAL_MS) return false;
    this.lastTrial = now;
    return true;
  }

  fellBack(err: Error): void {
    this.lastTrial = Date.now();
    if (this.away) return;
    this.away = true;
    this.logger.warn(
      `Redis unavailable (${err.message}): throttling on in-process counters until it answers`,
    );
  }

  recovered(): void {
    if (!this.away) return;
    this.away = false;
    this.logger.log('Redis answers again: throttling on shared counters');
  }
}

/**
 * Redis counters shared by every instance, with an in-process stand-in while Redis is away.
 * rate-limiter-flexible's own insurance limiter starts every key at zero, so a key throttled a
 * moment ago would get a fresh budget the moment Redis stalls. This one mirrors each answer Redis
 * gives into the in-process limiter, so the stand-in starts from the last count this instance
 * saw; keys it never saw start at zero (on each instance).
 */
export class ResilientLimiter implements Limiter {
  constructor(
    private readonly redis: RateLimiterRedis,
    private readonly memory: RateLimiterMemory,
    private readonly events: FallbackEvents,
  ) {}

  consume(key: string, points = 1): Promise<RateLimiterRes> {
    return this.run(key, (l) => l.consume(key, points));
  }

  get(key: string): Promise<RateLimiterRes | null> {
    return this.run(key, (l) => l.get(key));
  }

  penalty(key: string, points = 1): Promise<RateLimiterRes> {
    return this.run(key, (l) => l.penalty(key, points));
  }

  reward(key: string, points = 1): Promise<RateLimiterRes> {
    return this.run(key, (l) => l.reward(key, points));
  }

  async delete(key: string): Promise<boolean> {
    if (!this.events.shouldTry()) return this.memory.delete(key);
    try {
      const deleted = await this.redis.delete(key);
      this.events.recovered();
      await this.memory.delete(key);
      return deleted;
    } catch (err) {
      this.events.fellBack(err as Error);
      return this.memory.delete(key);
    }
  }

  private async run<T extends RateLimiterRes | null>(
    key: string,
    op: (limiter: RateLimiterRedis | RateLimiterMemory) => Promise<T>,
  ): Promise<T> {
    if (!this.events.shouldTry()) return op(this.memory);
    let res: T;
    try {
      res = await op(this.redis);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) {
        this.events.fellBack(err as Error);
        return op(this.memory);
      }
      this.events.recovered();
      await this.mirror(key, err);
      throw err;
    }
    this.events.recovered();
    await this.mirror(key, res);
    return res;
  }

  private async mirror(key: string, res: RateLimiterRes | null): Promise<void> {
    if (!res || res.consumedPoints <= 0) await this.memory.delete(key);
    else await this.memory.set(key, res.consumedPoints, Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
  }
}
