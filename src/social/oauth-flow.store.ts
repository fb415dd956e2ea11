import type { FastifyRequest } from 'fastify';
import { Clock } from '../common/clock/clock';
import { Encrypter } from '../common/crypto/encrypter';
import { randomId, safeEqual, sha256Hex } from '../common/crypto/hashing';
import type { SocialProvider } from '../config/auth.config';
import { RequestSession } from '../sessions/request-session';
import { sessionSlot } from '../sessions/session.entity';
import { SessionsService } from '../sessions/sessions.service';

const FLOW_TTL_MS = 10 * 60_000;
const INVALID = { message: 'Unable to verify authorization request state.' };

/** What the browser asked for at the redirect step, carried to the callback through the session. */
export interface OAuthFlow {
  provider: SocialProvider;
  intent: 'login' | 'link';
  client: 'web' | 'app';
  appLink?: string;
  linkUserId?: number;
}

/** An OAuth redirect in progress, in the session; secrets inside are single use and short-lived. */
export interface OAuthFlowState {
  flow: OAuthFlow;
  stateHash?: string;
  verifier?: string;
  requestToken?: string;
  requestTokenSecret?: string;
  expiresAt: number;
}
const OAUTH_FLOW = sessionSlot<OAuthFlowState>('oauth');

type Callback = (err: Error | null, ...rest: unknown[]) => void;

/**
 * passport-oauth2's state store (with PKCE) and passport-oauth1's request-token store, kept in the
 * server-side session: single use, 10 minutes, bound to the browser that started the flow.
 * The arities below are what passport dispatches on; keep them. Passport hands it the request, so
 * this is social login's HTTP edge, like the strategies.
 */
export class SessionOAuthStore {
  private readonly started = new WeakMap<FastifyRequest, OAuthFlow>();
  private readonly verified = new WeakMap<FastifyRequest, OAuthFlow>();

  constructor(
    private readonly provider: SocialProvider,
    private readonly requestSession: RequestSession,
    private readonly sessions: SessionsService,
    private readonly encrypter: Encrypter,
    private readonly clock: Clock,
  ) {}

  /** Called by the redirect step before passport runs. */
  begin(req: FastifyRequest, flow: OAuthFlow): void {
    this.started.set(req, flow);
  }

  /** The flow that the callback proved to belong to this browser. */
  verifiedFlow(req: FastifyRequest): OAuthFlow | undefined {
    return this.verified.get(req);
  }

  /** On a denial or provider error page the strategy never verifies; consume the flow here so it cannot be replayed. */
  async takeUnverified(req: FastifyRequest, state: string | undefined): Promise<OAuthFlow | undefined> {
    const saved = await this.take(req);
    if (!saved || !state) return undefined;
    const matches = saved.stateHash
      ? safeEqual(saved.stateHash, sha256Hex(state))
      : saved.requestToken === state;
    return matches ? saved.flow : undefined;
  }

  // OAuth 2 (passport-oauth2 StateStore with PKCE): store(req, verifier, state, meta, cb)
  store(
    req: FastifyRequest,
    verifier: string | undefined,
    _state: unknown,
    _meta: unknown,
    cb: Callback,
  ): void {
    const state = randomId(24);
    this.save(req, { stateHash: sha256Hex(state), verifier })
      .then(() => cb(null, state))
      .catch((err: Error) => cb(err));
  }

  // verify(req, providedState, cb(err, ok | verifier, info))
  verify(req: FastifyRequest, providedState: string, cb: Callback): void {
    this.take(req)
      .then((saved) => {
        if (
          !saved?.stateHash ||
          typeof providedState !== 'string' ||
          !safeEqual(saved.stateHash, sha256Hex(providedState))
        ) {
          return cb(null, false, INVALID);
        }
        this.verified.set(req, saved.flow);
        cb(null, saved.verifier ?? true);
      })
      .catch((err: Error) => cb(err));
  }

  // OAuth 1.0a (passport-oauth1 request-token store): set(req, token, tokenSecret, meta, cb)
  set(req: FastifyRequest, token: string, tokenSecret: string, _meta: unknown, cb: Callback): void {
    this.save(req, { requestToken: token, requestTokenSecret: this.encrypter.encrypt(tokenSecret, 'oauth1') })
      .then(() => cb(null))
      .catch((err: Error) => cb(err));
  }

  // get(req, token, cb(err, tokenSecret | false, info))
  get(req: FastifyRequest, token: string, cb: Callback): void {
    this.take(req)
      .then((saved) => {
        if (!saved?.requestToken || !saved.requestTokenSecret || saved.requestToken !== token)
          return cb(null, false, INVALID);
        this.verified.set(req, saved.flow);
        cb(null, this.encrypter.decrypt(saved.requestTokenSecret, 'oauth1'));
      })
      .catch((err: Error) => cb(err));
  }

  // destroy(req, token, cb): already removed by get()
  destroy(_req: FastifyRequest, _token: string, cb: Callback): void {
    cb(null);
  }

  private async save(req: FastifyRequest, secrets: Partial<OAuthFlowState>): Promise<void> {
    const flow = this.started.get(req);
    const session = this.requestSession.current(req);
    if (!flow || !session) throw new Error('OAuth flow started without a session');
    await this.sessions.setPayloadEntry(session, OAUTH_FLOW, {
      ...secrets,
      flow,
      expiresAt: this.clock.nowMs() + FLOW_TTL_MS,
    });
  }

  /**
   * Reads and removes the session's flow, if it is this provider's and fresh. Single use even
   * under concurrency: of two callbacks carrying the same state, only the one that removes the
   * entry gets it.
   */
  private async take(req: FastifyRequest): Promise<OAuthFlowState | undefined> {
    const session = this.requestSession.current(req);
    const saved = session && (await this.sessions.takePayloadEntry(session, OAUTH_FLOW));
    if (!saved) return undefined;
    const fresh = saved.expiresAt > this.clock.nowMs() && saved.flow.provider === this.provider;
    return fresh ? saved : undefined;
  }
}
