import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { randomString, sha256Hex } from '../common/crypto/hashing';
import { ValidationFailedException } from '../common/errors/app-exceptions';
import { ThrottleService, type LimitSpec } from '../common/throttling/throttle.service';
import { sessionSlot, type Session, type SessionPayload } from '../sessions/session.entity';
import { SessionsService } from '../sessions/sessions.service';
import type { User } from '../users/user.entity';
import type { TwoFactorChallenge } from './two-factor-challenge.entity';
import { TwoFactorRepository } from './two-factor.repository';

export const PENDING_LOGIN_TTL_MS = 5 * 60_000;
/** 5 wrong codes a minute per pending login and per user (429 past either). */
export const CHALLENGE_LIMIT: LimitSpec = { name: 'two-factor', points: 5, durationSeconds: 60 };

/** A password login waiting for its second factor; the session is not authenticated meanwhile. */
export interface PendingLoginEntry {
  userId: number;
  remember: boolean;
  expiresAt: number;
}
export const PENDING_LOGIN = sessionSlot<PendingLoginEntry>('pendingLogin');

export interface PendingLogin {
  userId: number;
  remember: boolean;
  /** Throttle key of this pending login. */
  key: string;
}

/**
 * Logins that passed the password and wait for the second factor: in the browser session for
 * cookie logins, as an opaque single-use challenge (stored hashed) for bearer logins.
 */
@Injectable()
export class PendingLoginService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly repo: TwoFactorRepository,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
  ) {}

  /** The payload of the anonymous session (new id) that remembers who is half logged in. */
  pendingPayload(user: User, remember: boolean): SessionPayload {
    return {
      [PENDING_LOGIN]: { userId: user.id, remember, expiresAt: this.clock.nowMs() + PENDING_LOGIN_TTL_MS },
    };
  }

  fromSession(session: Session | undefined): PendingLogin | null {
    const pending = session && this.sessions.readPayloadEntry(session, PENDING_LOGIN);
    if (!session || !pending || pending.expiresAt <= this.clock.nowMs()) return null;
    return { userId: pending.userId, remember: pending.remember, key: `session:${session.id}` };
  }

  /**
   * Takes the session's pending login for this request alone (compare-and-swap): of concurrent
   * challenges of one browser, only one may go on to check its code. Give it back with
   * `releaseInSession` when the code is wrong.
   */
  claimInSession(session: Session): Promise<PendingLoginEntry | undefined> {
    return this.sessions.takePayloadEntry(session, PENDING_LOGIN);
  }

  async releaseInSession(session: Session, claimed: PendingLoginEntry): Promise<void> {
    await this.sessions.setPayloadEntry(session, PENDING_LOGIN, claimed);
  }

  async createChallenge(user: User, device: { device_name?: string; fcm_token?: string }): Promise<string> {
    const challenge = randomString(48);
    // Expired challenges are cleared here rather than by a scheduler: creation is the only growth path.
    await this.repo.deleteExpiredChallenges(this.clock.now());
    await this.repo.insertChallenge({
      challengeHash: sha256Hex(challenge),
      userId: user.id,
      deviceName: device.device_name ?? null,
      fcmToken: device.fcm_token ?? null,
      expiresAt: new Date(this.clock.nowMs() + PENDING_LOGIN_TTL_MS),
    });
    return challenge;
  }

  async findChallenge(challenge: string): Promise<TwoFactorChallenge | null> {
    if (!/^[A-Za-z0-9]{48}$/.test(challenge)) return null;
    const row = await this.repo.findChallenge(sha256Hex(challenge));
    return row && row.expiresAt.getTime() > this.clock.nowMs() ? row : null;
  }

  consumeChallenge(row: TwoFactorChallenge): Promise<boolean> {
    return this.repo.consumeChallenge(row.id);
  }

  /**
   * Runs one second-factor check under both limits, per pending login and per user: 429 once
   * either has 5 wrong codes this minute. Only wrong codes count, so a user who signs in often
   * (several devices, an account switcher) is never throttled for succeeding.
   */
  verifyWithinLimits<T>(pendingKey: string, userId: number, check: () => Promise<T>): Promise<T> {
    const wrongCode = (err: unknown) => err instanceof ValidationFailedException;
    return this.throttle.attempt(
      CHALLENGE_LIMIT,
      pendingKey,
      () => this.throttle.attempt(CHALLENGE_LIMIT, `user:${userId}`, check, wrongCode),
      wrongCode,
    );
  }
}
