import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ThrottleSettings } from '../../config/settings';
import { Clock } from '../clock/clock';
import { TooManyAttemptsException } from '../errors/app-exceptions';
import { FallbackLog, ResilientLimiter, type Limiter } from './resilient-limiter';

export interface LimitSpec {
  /** Key namespace, e.g. `login`. */
  name: string;
  points: number;
  durationSeconds: number;
}

const REDIS_COMMAND_TIMEOUT_MS = 1000;

/** Checks of one key allowed to run at once (see ThrottleService.attempt). */
export const MAX_IN_FLIGHT = 10;

/**
 * Counters for throttling, from rate-limiter-flexible: in process by default, in Redis when
 * REDIS_URL is set so that every instance shares them. If Redis goes away or stalls, an
 * in-process stand-in takes over (see ResilientLimiter) instead of failing open, hanging or 500.
 */
@Injectable()
export class ThrottleService implements OnModuleDestroy {
  private readonly logger = new Logger(ThrottleService.name);
  private readonly limiters = new Map<string, Limiter>();
  private readonly redis?: Redis;
  private readonly redisState: FallbackLog;

  constructor(
    private readonly throttling: ThrottleSettings,
    clock: Clock,
  ) {
    // A command that timed out still waits in its connection's queue, and a reply arriving later
    // would be read as the next command's: after a failure, a new connection with an empty queue.
    this.redisState = new FallbackLog(this.logger, clock, () => this.redis?.disconnect(true));
    if (throttling.redisUrl) {
      this.redis = new Redis(throttling.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        // A Redis that accepts the connection but never answers must not hold a login: the
        // command fails and the in-process stand-in answers instead.
        commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
        lazyConnect: false,
      });
      // Connection errors repeat while Redis is down; the fallback says so once (redisState).
      this.redis.on('error', () => undefined);
    }
  }

  limiter(spec: LimitSpec): Limiter {
    const id = `${spec.name}:${spec.points}:${spec.durationSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const opts = {
        keyPrefix: `${this.throttling.redisPrefix}:throttle:${spec.name}`,
        points: spec.points,
        duration: spec.durationSeconds,
      };
      const memory = new RateLimiterMemory(opts);
      limiter = this.redis
        ? new ResilientLimiter(
            new RateLimiterRedis({ ...opts, storeClient: this.redis }),
            memory,
            this.redisState,
          )
        : memory;
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  /**
   * One credential check under `spec`, counting only the user's failures (`isFailure`): a check
   * that failed for the server's reasons (database down) costs nothing, and a success clears the
   * count. 429 while the failures are spent. So that a burst of concurrent guesses cannot all
   * reach the check before the first failure is counted, at most MAX_IN_FLIGHT checks of one key
   * run at once: at most points - 1 + MAX_IN_FLIGHT checks ever run per window, while concurrent
   * correct logins of one account (tabs, retries) all pass.
   */
  async attempt<T>(
    spec: LimitSpec,
    key: string,
    check: () => Promise<T>,
    isFailure: (err: unknown) => boolean,
  ): Promise<T> {
    await this.assertAvailable(spec, key);
    const inFlight: LimitSpec = {
      name: `${spec.name}:in-flight`,
      points: MAX_IN_FLIGHT,
      durationSeconds: 60,
    };
    try {
      await this.limiter(inFlight).consume(key);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      // A refused consume still counted: give the slot back, or the key would stay blocked for the
      // window although nothing is in flight.
      await this.release(inFlight, key);
      throw new TooManyAttemptsException(1);
    }
    try {
      const result = await check();
      await this.clear(spec, key);
      return result;
    } catch (err) {
      if (isFailure(err)) await this.penalize(spec, key);
      throw err;
    } finally {
      await this.release(inFlight, key);
    }
  }

  private release(inFlight: LimitSpec, key: string): Promise<unknown> {
    return this.limiter(inFlight)
      .reward(key, 1)
      .catch((err: Error) => this.logger.warn(`Throttle in-flight release failed: ${err.message}`));
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

  /** Readiness: 'up' when Redis answers a PING within the command timeout, 'off' without REDIS_URL. */
  async redisStatus(): Promise<'up' | 'down' | 'off'> {
    if (!this.redis) return 'off';
    try {
      return (await this.redis.ping()) === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
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
