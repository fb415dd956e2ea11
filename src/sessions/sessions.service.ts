import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SessionSettings } from '../config/settings';
import { Clock } from '../common/clock/clock';
import { randomId, sha256Hex } from '../common/crypto/hashing';
import type { ClientDetails } from '../common/http/client-info';
import { markChecked } from '../credential-cache/checked-versions';
import { CredentialCache } from '../credential-cache/credential-cache';
import { CredentialKeys } from '../credential-cache/credential-keys';
import type { Session, SessionSlot } from './session.entity';
import { SessionsRepository, type SessionWithUser } from './sessions.repository';

const TOUCH_INTERVAL_MS = 60_000;

/** A session just made: its row, and the cookie value that names it (never persisted). */
export interface StartedSession {
  record: SessionWithUser;
  cookieId: string;
}

export interface NewSession {
  userId: number | null;
  remember: boolean;
  payload?: Session['payload'];
  client: ClientDetails;
}

/**
 * Server-side browser sessions stored in PostgreSQL under the SHA-256 of a 256-bit random id.
 * Hand-written rather than express-session because the contract needs what that store API cannot
 * give in one query: a hashed key, the user joined in, a public id, idle + absolute expiry and
 * conditional use of the cookie (first-party requests only). Cookies are RequestSession's business.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly repo: SessionsRepository,
    private readonly settings: SessionSettings,
    private readonly clock: Clock,
    private readonly cache: CredentialCache,
  ) {}

  /**
   * The live session a cookie value names, or null (unknown or expired; an expired row is removed).
   * From the credential cache after the first request; its idle clock is the cache's own copy.
   */
  async resolve(cookieId: string): Promise<SessionWithUser | null> {
    const hash = sha256Hex(cookieId);
    const key = `session:${hash}`;
    const found = await this.cache.read(
      key,
      () => this.repo.findByTokenHashWithUser(hash),
      (s) =>
        s.userId === null
          ? [CredentialKeys.session(s.id)]
          : [CredentialKeys.user(s.userId), CredentialKeys.session(s.id)],
    );
    if (!found) return null;
    let record: SessionWithUser | null = found.value;
    const now = this.clock.nowMs();
    if (this.isExpired(record, now)) {
      // Another instance may have seen activity this copy has not: the row decides.
      this.cache.forget(key);
      record = await this.repo.findByTokenHashWithUser(hash);
      if (!record) return null;
      if (this.isExpired(record, now)) {
        this.background(this.repo.deleteById(record.id));
        return null;
      }
    }
    if (now - record.lastActivityAt.getTime() >= TOUCH_INTERVAL_MS) {
      this.cache.amend<Session>(key, (s) => (s.lastActivityAt = new Date(now)));
      this.background(this.repo.touch(record.id, new Date(now), new Date(now - TOUCH_INTERVAL_MS)));
    }
    if (record.user) markChecked(record.user, found.check);
    return record;
  }

  /**
   * A new session (new id, so a new CSRF token), replacing `replacing` when given: login and 2FA
   * completion defeat fixation this way. A new row rather than a new id on the old row: several
   * logins racing from one browser (tabs, a double click) each get a session that works, whichever
   * cookie the browser keeps. `manager` runs the writes in the caller's transaction.
   */
  async start(init: NewSession, replacing?: string, manager?: EntityManager): Promise<StartedSession> {
    const cookieId = randomId(32);
    const now = this.clock.now();
    const record: SessionWithUser = await this.repo.insert(
      {
        tokenHash: sha256Hex(cookieId),
        userId: init.userId,
        remember: init.remember,
        payload: init.payload ?? {},
        ipAddress: init.client.ip,
        userAgent: init.client.userAgent,
        createdAt: now,
        lastActivityAt: now,
      },
      manager,
    );
    if (replacing) {
      await this.repo.deleteById(replacing, manager);
      await this.cache.changed([CredentialKeys.session(replacing)], manager);
    }
    return { record, cookieId };
  }

  /** Sets one entry of the session's payload (other entries, written concurrently, stay). */
  async setPayloadEntry<T>(session: Session, slot: SessionSlot<T>, value: T): Promise<void> {
    await this.repo.setPayloadEntry(session.id, slot, value);
    await this.cache.changed([CredentialKeys.session(session.id)]);
    session.payload = { ...session.payload, [slot]: value };
  }

  readPayloadEntry<T>(session: Session, slot: SessionSlot<T>): T | undefined {
    return session.payload[slot] as T | undefined;
  }

  /**
   * Reads and removes one entry of the session's payload, atomically: of concurrent requests of one
   * session that loaded the same entry, exactly one gets it (single-use state).
   */
  async takePayloadEntry<T>(session: Session, slot: SessionSlot<T>): Promise<T | undefined> {
    const value = session.payload[slot] as T | undefined;
    if (value === undefined) return undefined;
    const { [slot]: _taken, ...rest } = session.payload;
    session.payload = rest;
    const taken = await this.repo.takePayloadEntry(session.id, slot, value);
    await this.cache.changed([CredentialKeys.session(session.id)]);
    return taken ? value : undefined;
  }

  /** The user's live browser sessions, most recently active first. */
  listForUser(userId: number): Promise<Session[]> {
    const { idleSince, createdSince } = this.liveWindow();
    return this.repo.listLiveForUser(userId, idleSince, createdSince);
  }

  findById(id: string): Promise<Session | null> {
    return this.repo.findById(id);
  }

  /** False when the session was already gone (ended by a concurrent request). */
  async revoke(id: string): Promise<boolean> {
    const ended = await this.repo.deleteById(id);
    await this.cache.changed([CredentialKeys.session(id)]);
    return ended;
  }

  /** Ends every session of the user but `exceptId`; effective on their very next request. */
  async revokeAllForUser(userId: number, exceptId?: string): Promise<string[]> {
    const ended = await this.repo.deleteForUser(userId, exceptId);
    await this.cache.changed(ended.map(CredentialKeys.session));
    return ended;
  }

  pruneExpired(): Promise<number> {
    const { idleSince, createdSince } = this.liveWindow();
    return this.repo.deleteExpired(idleSince, createdSince);
  }

  private liveWindow(): { idleSince: Date; createdSince: Date } {
    const now = this.clock.nowMs();
    const s = this.settings;
    return {
      idleSince: new Date(now - s.lifetimeMinutes * 60_000),
      createdSince: new Date(now - s.absoluteLifetimeMinutes * 60_000),
    };
  }

  /** Idle expiry, unless "remember me" (then only the absolute lifetime counts). */
  private isExpired(s: Session, now: number): boolean {
    const { lifetimeMinutes, absoluteLifetimeMinutes } = this.settings;
    return (
      (!s.remember && now - s.lastActivityAt.getTime() > lifetimeMinutes * 60_000) ||
      now - s.createdAt.getTime() > absoluteLifetimeMinutes * 60_000
    );
  }

  private background(work: Promise<unknown>): void {
    work.catch((err: unknown) => this.logger.warn(`Session bookkeeping failed: ${(err as Error).message}`));
  }
}
