import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AppConfig } from '../../config/auth.config';
import { TooManyAttemptsException } from '../errors/app-exceptions';

export interface LimitSpec {
  /** Key namespace, e.g. `login`. */
  name: string;
  points: number;
  durationSeconds: number;
}

/**
 * Counters for throttling, from rate-limiter-flexible: in process by default, in Redis when
 * REDIS_URL is set so that every instance shares them. If Redis goes away, an in-memory
 * limiter takes over instead of failing requests open or with a 500.
 */
@Injectable()
export class ThrottleService implements OnModuleDestroy {
  private readonly logger = new Logger(ThrottleService.name);
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  private readonly redis?: Redis;

  constructor(private readonly config: AppConfig) {
    if (config.redisUrl) {
      this.redis = new Redis(config.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        lazyConnect: false,
      });
      this.redis.on('error', (err: Error) => this.logger.warn(`Redis: ${err.message}`));
    }
  }

  limiter(spec: LimitSpec): RateLimiterAbstract {
    const id = `${spec.name}:${spec.points}:${spec.durationSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const opts = {
        keyPrefix: `${this.config.redisPrefix}:throttle:${spec.name}`,
        points: spec.points,
        duration: spec.durationSeconds,
      };
      limiter = this.redis
        ? new RateLimiterRedis({
            ...opts,
            storeClient: this.redis,
            insuranceLimiter: new RateLimiterMemory(opts),
          })
        : new RateLimiterMemory(opts);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  /** Counts one hit; throws 429 with Retry-After once the budget is spent. */
  async hit(spec: LimitSpec, key: string): Promise<void> {
    try {
      await this.limiter(spec).consume(key);
    } catch (res) {
      throw this.tooMany(res);
    }
  }

  /** Throws 429 if the key has no budget left, without counting. */
  async assertAvailable(spec: LimitSpec, key: string): Promise<void> {
    const res = await this.limiter(spec).get(key);
    if (res && res.consumedPoints >= spec.points) throw this.tooMany(res);
  }

  /** Counts a failure without throwing (the caller reports its own error). */
  async penalize(spec: LimitSpec, key: string): Promise<void> {
    await this.limiter(spec).penalty(key, 1);
  }

  async clear(spec: LimitSpec, key: string): Promise<void> {
    await this.limiter(spec).delete(key);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis?.disconnect();
  }

  private tooMany(res: unknown): Error {
    if (res instanceof RateLimiterRes)
      return new TooManyAttemptsException(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
    return res as Error;
  }
}
