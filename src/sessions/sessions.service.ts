import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/auth.config';
import { Clock } from '../common/clock/clock';
import { randomId, sha256Hex } from '../common/crypto/hashing';
import { clientIp, clientUserAgent } from '../common/http/client-info';
import type { Session, SessionPayload } from './session.entity';
import { SessionCookies } from './session-cookies';
import { SessionsRepository, type SessionWithUser } from './sessions.repository';

const TOUCH_INTERVAL_MS = 60_000;

/** The loaded session of a request, with the cookie value it was found under (never persisted). */
interface RequestSession {
  record: SessionWithUser;
  cookieId: string;
}

const SESSION_KEY = Symbol('session');
type WithSession = Request & { [SESSION_KEY]?: RequestSession };

/**
 * Server-side browser sessions stored in PostgreSQL under the SHA-256 of a 256-bit random id.
 * Hand-written rather than express-session because the contract needs what that store API cannot
 * give in one query: a hashed key, the user joined in, a public id, idle + absolute expiry and
 * conditional use of the cookie (first-party requests only).
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly repo: SessionsRepository,
    private readonly cookies: SessionCookies,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Loads the request's session (if its cookie names a live one) and re-sends its XSRF token. */
  async load(req: Request, res: Response): Promise<SessionWithUser | null> {
    const cookieId = this.cookies.readSessionId(req);
    if (!cookieId) return null;
    const record = await this.repo.findByTokenHashWithUser(sha256Hex(cookieId));
    if (!record) return null;
    const now = this.clock.nowMs();
    if (this.isExpired(record, now)) {
      this.background(this.repo.deleteById(record.id));
      return null;
    }
    if (now - record.lastActivityAt.getTime() >= TOUCH_INTERVAL_MS) {
      this.background(this.repo.touch(record.id, new Date(now), new Date(now - TOUCH_INTERVAL_MS)));
    }
    (req as WithSession)[SESSION_KEY] = { record, cookieId };
    this.cookies.writeXsrf(res, cookieId, record.remember);
    return record;
  }

  current(req: Request): SessionWithUser | undefined {
    return (req as WithSession)[SESSION_KEY]?.record;
  }

  verifyCsrf(req: Request, token: string | undefined): boolean {
    const loaded = (req as WithSession)[SESSION_KEY];
    return !!loaded && this.cookies.verifyCsrf(loaded.cookieId, token);
  }

  /** Starts an anonymous session if the request has none (GET /sanctum/csrf-cookie). */
  async ensure(req: Request, res: Response): Promise<SessionWithUser> {
    return this.current(req) ?? this.create(req, res, { userId: null, remember: false });
  }

  /**
   * Login, 2FA completion: a new session (new id, so a new CSRF token) replaces the request's one,
   * defeating fixation. A new row rather than a new id on the old row: several logins racing from
   * one browser (tabs, a double click) each get a session that works, whichever cookie the browser
   * keeps. `manager` runs the writes in the caller's transaction.
   */
  async regenerate(
    req: Request,
    res: Response,
    changes: { userId: number | null; remember?: boolean; payload?: Session['payload'] },
    manager?: EntityManager,
  ): Promise<SessionWithUser> {
    const loaded = (req as WithSession)[SESSION_KEY];
    const record = await this.create(
      req,
      res,
      {
        userId: changes.userId,
        remember: changes.remember ?? loaded?.record.remember ?? false,
        payload: changes.payload,
      },
      manager,
    );
    if (loaded) await this.repo.deleteById(loaded.record.id, manager);
    return record;
  }

  /** Logout: the row is deleted and a fresh anonymous session with a new XSRF token replaces it. */
  async invalidate(req: Request, res: Response): Promise<void> {
    const loaded = (req as WithSession)[SESSION_KEY];
    if (loaded) await this.repo.deleteById(loaded.record.id);
    (req as WithSession)[SESSION_KEY] = undefined;
    await this.create(req, res, { userId: null, remember: false });
  }

  /** Sets one entry of the request's session payload (other entries, written concurrently, stay). */
  async setPayloadEntry<K extends keyof SessionPayload>(
    req: Request,
    key: K,
    value: SessionPayload[K],
  ): Promise<void> {
    const loaded = (req as WithSession)[SESSION_KEY];
    if (!loaded) return;
    await this.repo.setPayloadEntry(loaded.record.id, key, value);
    loaded.record.payload = { ...loaded.record.payload, [key]: value };
  }

  /**
   * Reads and removes one entry of the request's session payload, atomically: of concurrent
   * requests of one session that loaded the same entry, exactly one gets it (single-use state).
   */
  async takePayloadEntry<K extends keyof SessionPayload>(
    req: Request,
    key: K,
  ): Promise<SessionPayload[K] | undefined> {
    const loaded = (req as WithSession)[SESSION_KEY];
    const value = loaded?.record.payload[key];
    if (!loaded || value === undefined) return undefined;
    const { [key]: _taken, ...rest } = loaded.record.payload;
    loaded.record.payload = rest;
    return (await this.repo.takePayloadEntry(loaded.record.id, key, value)) ? value : undefined;
  }

  /** The user's live browser sessions, most recently active first. */
  listForUser(userId: number): Promise<Session[]> {
    const now = this.clock.nowMs();
    const s = this.config.session;
    return this.repo.listLiveForUser(
      userId,
      new Date(now - s.lifetimeMinutes * 60_000),
      new Date(now - s.absoluteLifetimeMinutes * 60_000),
    );
  }

  findById(id: string): Promise<Session | null> {
    return this.repo.findById(id);
  }

  /** False when the session was already gone (ended by a concurrent request). */
  revoke(id: string): Promise<boolean> {
    return this.repo.deleteById(id);
  }

  /** Ends every session of the user but `exceptId`; effective on their very next request. */
  revokeAllForUser(userId: number, exceptId?: string): Promise<string[]> {
    return this.repo.deleteForUser(userId, exceptId);
  }

  async pruneExpired(): Promise<number> {
    const now = this.clock.nowMs();
    const s = this.config.session;
    return this.repo.deleteExpired(
      new Date(now - s.lifetimeMinutes * 60_000),
      new Date(now - s.absoluteLifetimeMinutes * 60_000),
    );
  }

  /** Idle expiry, unless "remember me" (then only the absolute lifetime counts, as §3 says). */
  private isExpired(s: Session, now: number): boolean {
    const { lifetimeMinutes, absoluteLifetimeMinutes } = this.config.session;
    return (
      (!s.remember && now - s.lastActivityAt.getTime() > lifetimeMinutes * 60_000) ||
      now - s.createdAt.getTime() > absoluteLifetimeMinutes * 60_000
    );
  }

  private async create(
    req: Request,
    res: Response,
    init: { userId: number | null; remember: boolean; payload?: Session['payload'] },
    manager?: EntityManager,
  ): Promise<SessionWithUser> {
    const cookieId = randomId(32);
    const now = this.clock.now();
    const record: SessionWithUser = await this.repo.insert(
      {
        tokenHash: sha256Hex(cookieId),
        userId: init.userId,
        remember: init.remember,
        payload: init.payload ?? {},
        ipAddress: clientIp(req),
        userAgent: clientUserAgent(req),
        createdAt: now,
        lastActivityAt: now,
      },
      manager,
    );
    (req as WithSession)[SESSION_KEY] = { record, cookieId };
    this.cookies.write(res, cookieId, init.remember);
    return record;
  }

  private background(work: Promise<unknown>): void {
    work.catch((err: unknown) => this.logger.warn(`Session bookkeeping failed: ${(err as Error).message}`));
  }
}
