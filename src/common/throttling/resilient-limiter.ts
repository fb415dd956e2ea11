import type { Logger } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Clock } from '../clock/clock';

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

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** After every failure (ThrottleService: a fresh connection, see there). */
    private readonly afterFailure: () => void = () => undefined,
  ) {}

  shouldTry(): boolean {
    if (!this.away) return true;
    const now = this.clock.nowMs();
    if (now - this.lastTrial < RETRY_INTERVAL_MS) return false;
    this.lastTrial = now;
    return true;
  }

  fellBack(err: Error): void {
    this.lastTrial = this.clock.nowMs();
    this.afterFailure();
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

const MAX_UNSYNCED_KEYS = 10_000;

/** What an instance counted in process for one key while Redis was away, to hand back to Redis. */
interface Unsynced {
  points: number;
  /** A success cleared the key meanwhile: Redis must forget its older count too. */
  cleared: boolean;
}

/**
 * Redis counters shared by every instance, with an in-process stand-in while Redis is away.
 * rate-limiter-flexible's own insurance limiter starts every key at zero, so a key throttled a
 * moment ago would get a fresh budget the moment Redis stalls. This one mirrors each answer Redis
 * gives into the in-process limiter, so the stand-in starts from the last count this instance
 * saw (keys it never saw start at zero, on each instance); and what it counts while Redis is away
 * is handed back to Redis on the key's next call once Redis answers, so failures made during an
 * outage still count after it.
 */
export class ResilientLimiter implements Limiter {
  private readonly unsynced = new Map<string, Unsynced>();

  constructor(
    private readonly redis: RateLimiterRedis,
    private readonly memory: RateLimiterMemory,
    private readonly events: FallbackEvents,
  ) {}

  consume(key: string, points = 1): Promise<RateLimiterRes> {
    return this.run(key, points, (l) => l.consume(key, points));
  }

  get(key: string): Promise<RateLimiterRes | null> {
    return this.run(key, 0, (l) => l.get(key));
  }

  penalty(key: string, points = 1): Promise<RateLimiterRes> {
    return this.run(key, points, (l) => l.penalty(key, points));
  }

  reward(key: string, points = 1): Promise<RateLimiterRes> {
    return this.run(key, -points, (l) => l.reward(key, points));
  }

  async delete(key: string): Promise<boolean> {
    if (this.events.shouldTry()) {
      try {
        this.unsynced.delete(key);
        const deleted = await this.redis.delete(key);
        this.events.recovered();
        await this.memory.delete(key);
        return deleted;
      } catch (err) {
        this.events.fellBack(err as Error);
      }
    }
    this.unsynced.set(key, { points: 0, cleared: true });
    return this.memory.delete(key);
  }

  /**
   * `delta`: the points this call adds (negative for a reward), recorded when it is answered in
   * process so that Redis gets it later.
   */
  private async run<T extends RateLimiterRes | null>(
    key: string,
    delta: number,
    op: (limiter: RateLimiterRedis | RateLimiterMemory) => Promise<T>,
  ): Promise<T> {
    if (this.events.shouldTry()) {
      let res: T;
      try {
        await this.sync(key);
        res = await op(this.redis);
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          this.events.recovered();
          await this.mirror(key, err);
          throw err;
        }
        this.events.fellBack(err as Error);
        return this.inProcess(key, delta, op);
      }
      this.events.recovered();
      await this.mirror(key, res);
      return res;
    }
    return this.inProcess(key, delta, op);
  }

  private inProcess<T>(
    key: string,
    delta: number,
    op: (limiter: RateLimiterMemory) => Promise<T>,
  ): Promise<T> {
    if (delta !== 0) {
      const entry = this.unsynced.get(key) ?? { points: 0, cleared: false };
      this.unsynced.delete(key);
      this.unsynced.set(key, { ...entry, points: entry.points + delta });
      // A long outage must not grow this without bound: the oldest keys' counts are given up.
      if (this.unsynced.size > MAX_UNSYNCED_KEYS) this.unsynced.delete(this.unsynced.keys().next().value!);
    }
    return op(this.memory);
  }

  /** Hands the key's in-process counts back to Redis (throws, keeping them, if Redis fails). */
  private async sync(key: string): Promise<void> {
    const entry = this.unsynced.get(key);
    if (!entry) return;
    if (entry.cleared) await this.redis.delete(key);
    if (entry.points > 0) await this.redis.penalty(key, entry.points);
    if (entry.points < 0) await this.redis.reward(key, -entry.points);
    this.unsynced.delete(key);
  }

  private async mirror(key: string, res: RateLimiterRes | null): Promise<void> {
    if (!res || res.consumedPoints <= 0) await this.memory.delete(key);
    else await this.memory.set(key, res.consumedPoints, Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
  }
}
