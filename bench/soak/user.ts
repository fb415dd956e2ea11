// One virtual user: its own account, cookie jars and tokens, running realistic mixed flows of both
// products in a loop. Every answer that carries or implies a user goes through the oracle.
import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { sleep } from '../lib/app-process';
import {
  arr,
  Client,
  CookieJar,
  data,
  FlowAbort,
  isObj,
  NO_AUTH,
  obj,
  Stopped,
  type Answer,
  type Auth,
  type Call,
  type Json,
  type Stats,
} from './http';
import { Oracle, tagOf, type Identity, type Registry } from './oracle';

type Kind = 'listener' | 'producer' | 'creator';
const KINDS: Kind[] = ['listener', 'producer', 'creator'];
const PERIOD_MS = 30_000;
/** Recovery codes a two-factor user keeps in reserve (used only when no TOTP step is free). */
const SPARE_RECOVERY_CODES = 2;
const MAX_OWN_PRODUCTS = 5;
/**
 * The server allows 5 two-factor challenge tries a minute per user, successful ones included
 * (CHALLENGE_LIMIT in pending-login.service.ts); a user stays at 4 in any 61.5 s.
 */
const CHALLENGES_PER_WINDOW = 4;
const CHALLENGE_WINDOW_MS = 61_500;

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];
const chance = (p: number) => Math.random() < p;
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));
const nowStep = () => Math.floor(Date.now() / PERIOD_MS);

/** Tracks and producers seen by anyone: what listeners browse, buy and follow. */
export class Catalog {
  private readonly tracks = new Map<number, number>();
  private readonly ids: number[] = [];

  addTrack(id: unknown, producerId: unknown): void {
    if (typeof id !== 'number' || typeof producerId !== 'number' || this.tracks.has(id)) return;
    this.tracks.set(id, producerId);
    this.ids.push(id);
  }

  /** A random known track, optionally not produced by `notBy`. */
  track(notBy?: number): { id: number; producer: number } | undefined {
    for (let i = 0; i < 8 && this.ids.length; i++) {
      const id = pick(this.ids);
      const producer = this.tracks.get(id)!;
      if (producer !== notBy) return { id, producer };
    }
    return undefined;
  }
}

export interface SoakContext {
  baseUrl: string;
  stats: Stats;
  registry: Registry;
  catalog: Catalog;
  /** Before the deadline: start new flows. */
  flowsOpen(): boolean;
  /** Before the end of the drain: send requests. */
  requestsOpen(): boolean;
}

interface TwoFactorState {
  secret: string;
  /** The last TOTP step this account used (the server refuses it and earlier ones). */
  lastStep: number;
  recovery: string[];
}

interface SecondFactor {
  body: Json;
  kind: 'code' | 'recovery_code';
}

type Flow = { name: string; weight: number; run: () => Promise<boolean> };

export class VirtualUser {
  readonly vu: string;
  readonly kind: Kind;
  readonly wantsTwoFactor: boolean;
  readonly tag: string;
  private readonly http: Client;
  /**
   * This user's view of the shared oracle: each finding is tied to the answer it was made on (the
   * last answer of its route), so that several findings on one answer count as one crossed response.
   */
  private readonly oracle: Oracle;
  me: Identity | null = null;
  private password = '';
  mainJar: CookieJar | null = null;
  mainToken: string | null = null;
  private tf: TwoFactorState | null = null;
  /** A two-factor change got no clear answer: the account's state is unknown, start a new one. */
  private tfUncertain = false;
  private generation = 0;
  private lastTypoAt = 0;
  /** When this user sent its recent two-factor challenges. */
  private challengeTimes: number[] = [];
  /** A create got no answer: this user may own a row it never saw, so "unknown row" is not a cross. */
  private indeterminate = false;
  private readonly mine = {
    products: new Set<number>(),
    beatRequests: new Set<number>(),
    tracks: new Set<number>(),
    purchases: new Set<number>(),
    tokens: new Set<string>(),
  };

  constructor(
    index: number,
    private readonly ctx: SoakContext,
  ) {
    this.vu = `vu${String(index).padStart(3, '0')}`;
    this.tag = tagOf(this.vu);
    this.kind = KINDS[index % KINDS.length];
    // One in four, spread over the three account kinds (1, 5, 9, ... cycle through them).
    this.wantsTwoFactor = index % 4 === 1;
    this.oracle = new Oracle(ctx.registry, (c) =>
      ctx.stats.crosses.push({ ...c, requestId: c.requestId ?? this.http.answerId(c.route) }),
    );
    this.http = new Client(
      {
        baseUrl: ctx.baseUrl,
        stats: ctx.stats,
        stopped: () => !ctx.requestsOpen(),
        onForeignRequestId: (route, sent, got) =>
          this.oracle.requestId(this.me ?? undefined, this.vu, route, sent, got),
      },
      this.vu,
      (auth) =>
        auth.kind === 'cookie'
          ? `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 ${this.tag}`
          : `Fangate/3.4.1 (iPhone; iOS 17.5; Scale/3.00) ${this.tag}`,
    );
  }

  private get stats(): Stats {
    return this.ctx.stats;
  }

  private get id(): Identity {
    if (!this.me) throw new Error(`${this.vu} has no account`);
    return this.me;
  }

  /** Sends one request; every authenticated answer may name nobody but the sender. */
  private async call(c: Call): Promise<Answer> {
    const a = await this.http.send(c);
    if (c.auth.kind !== 'none' && this.me) this.oracle.emails(this.me, a.body, c.route);
    return a;
  }

  /** An answer that is wrong in a way that is not about identity: counted with the unexpected statuses. */
  private wrong(route: string, detail: string): never {
    this.stats.unexpectedStatus(route, 0, `${this.vu}: ${detail}`);
    throw new FlowAbort(`${route}: ${detail}`);
  }

  // -------------------------------------------------------------------------------------------------
  // The loop

  async run(): Promise<void> {
    while (this.ctx.flowsOpen()) {
      try {
        if (!this.me || this.tfUncertain) {
          await this.register();
          this.stats.flow(this.generation === 1 ? 'register' : 're-register');
          continue;
        }
        const flow = this.pickFlow();
        if (await flow.run()) this.stats.flow(flow.name);
        else await sleep(between(20, 80));
      } catch (err) {
        if (err instanceof Stopped) return;
        if (!(err instanceof FlowAbort)) throw err;
        // The failure is counted; start again from fresh credentials.
        this.mainJar = null;
        this.mainToken = null;
        await sleep(250);
      }
    }
  }

  private flows(): Flow[] {
    const tf = !!this.tf;
    return [
      { name: 'spa-browse', weight: 6, run: () => this.spaBrowse() },
      { name: 'api-browse', weight: 6, run: () => this.apiBrowse() },
      { name: 'spa-login-logout', weight: 3, run: () => this.spaLoginLogout() },
      { name: 'api-login-logout', weight: 3, run: () => this.apiLoginLogout() },
      { name: 'revoke-browser-session', weight: 1.5, run: () => this.revokeBrowserSession() },
      { name: 'revoke-token', weight: 1.5, run: () => this.revokeToken() },
      { name: 'batch-login', weight: 1, run: () => this.batchLogin() },
      { name: 'security-activity', weight: 1, run: () => this.securityActivity() },
      { name: 'sign-out-other-browsers', weight: 0.5, run: () => this.signOutOtherBrowsers() },
      { name: 'two-factor-manage', weight: tf ? 1 : 0, run: () => this.twoFactorManage() },
      { name: 'two-factor-reset', weight: tf ? 0.2 : 0, run: () => this.twoFactorReset() },
      { name: 'probe-foreign', weight: 0.5, run: () => this.probeForeign() },
      { name: 'new-account', weight: 0.15, run: () => this.newAccount() },
    ];
  }

  private pickFlow(): Flow {
    const flows = this.flows().filter((f) => f.weight > 0);
    let r = Math.random() * flows.reduce((n, f) => n + f.weight, 0);
    for (const f of flows) if ((r -= f.weight) < 0) return f;
    return flows[0];
  }

  // -------------------------------------------------------------------------------------------------
  // Registration, logins and the oracle on credentials

  /** A fresh account: /register (listener, producer: a cookie session) or /api/register (creator: a token). */
  private async register(): Promise<void> {
    const gen = ++this.generation;
    const email = `soak-${this.vu}-g${gen}-${randomUUID().slice(0, 8)}@example.com`;
    const password = `Lantern-Quarry-${this.vu}-${gen}`;
    const lastName = `${this.vu.toUpperCase()} G${gen}`;
    const body = {
      email,
      password,
      password_confirmation: password,
      first_name: 'Soak',
      last_name: lastName,
      birth_date: '1990-04-12',
    };
    this.me = null;
    this.tf = null;
    this.tfUncertain = false;
    this.indeterminate = false;
    this.mainJar = null;
    this.mainToken = null;
    for (const set of Object.values(this.mine)) set.clear();

    let user: unknown;
    let token: string | null = null;
    let jar: CookieJar | null = null;
    let route: string;
    if (this.kind === 'creator') {
      route = 'POST /api/register';
      const a = await this.call({
        method: 'POST',
        path: '/api/register',
        route,
        auth: NO_AUTH,
        body,
        expect: [201],
      });
      const d = obj(data(a));
      user = d.user;
      token = typeof d.token === 'string' ? d.token : null;
      if (!token) this.wrong(route, 'no token');
    } else {
      route = 'POST /register';
      jar = new CookieJar();
      await this.csrf(jar);
      const a = await this.call({
        method: 'POST',
        path: '/register',
        route,
        auth: { kind: 'cookie', jar },
        body: { ...body, account_type: this.kind },
        expect: [201],
      });
      user = a.body;
    }
    const u = obj(user);
    if (typeof u.id !== 'number') this.wrong(route, `no user id in ${JSON.stringify(user).slice(0, 200)}`);
    const me: Identity = {
      id: u.id,
      email,
      vu: this.vu,
      tag: this.tag,
      name: `Soak ${lastName}`,
      inviteCode: typeof u.invite_code === 'string' ? u.invite_code : null,
    };
    // The account the server created must be the one this request asked for.
    if (!this.oracle.user(me, user, route, 'the registered user')) throw new FlowAbort(route);
    if (!this.oracle.claim(me, 'user', me.id, route)) throw new FlowAbort(route);
    if (me.inviteCode) this.oracle.claim(me, 'invite-code', me.inviteCode, route);
    const roles = arr(u.roles);
    if (!roles.includes(this.kind))
      this.wrong(route, `roles ${JSON.stringify(roles)}, expected ${this.kind}`);
    this.me = me;
    this.password = password;
    if (token) {
      this.claimToken(token, route);
      await this.whoAmI({ kind: 'bearer', token }, route);
      this.mainToken = token;
    }
    if (jar) {
      await this.whoAmI({ kind: 'cookie', jar }, route);
      this.mainJar = jar;
    }
    if (this.wantsTwoFactor) {
      await this.enableTwoFactor(this.mainAuth()!);
    }
  }

  private async csrf(jar: CookieJar): Promise<void> {
    await this.call({
      method: 'GET',
      path: '/sanctum/csrf-cookie',
      route: 'GET /sanctum/csrf-cookie',
      auth: { kind: 'cookie', jar },
      expect: [204],
    });
    if (!jar.get('XSRF-TOKEN')) this.wrong('GET /sanctum/csrf-cookie', 'no XSRF-TOKEN cookie');
  }

  /** GET /api/user with a credential must answer the sender's account. */
  private async whoAmI(auth: Auth, after: string): Promise<Json> {
    const route = `GET /api/user (${auth.kind}, after ${after})`;
    const a = await this.call({ method: 'GET', path: '/api/user', route, auth, expect: [200] });
    const u = data(a);
    this.oracle.user(this.id, u, route);
    return obj(u);
  }

  private async expectSignedOut(auth: Auth, after: string): Promise<void> {
    await this.call({
      method: 'GET',
      path: '/api/user',
      route: `GET /api/user (${auth.kind}, after ${after})`,
      auth,
      expect: [401],
    });
  }

  /** A token handed to this user: its id must be new (or this user's), and it must authenticate as this user. */
  private claimToken(token: string, route: string): string {
    const id = token.split('|', 1)[0];
    this.oracle.claim(this.id, 'token', id, route);
    this.mine.tokens.add(id);
    return id;
  }

  private mainAuth(): Auth | null {
    if (this.mainJar && (!this.mainToken || chance(0.5))) return { kind: 'cookie', jar: this.mainJar };
    if (this.mainToken) return { kind: 'bearer', token: this.mainToken };
    return null;
  }

  /**
   * The second factor a two-factor user can give now: a TOTP code for a step after the last one
   * used (the current step, or the next one within the ±1 window), else a spare recovery code.
   */
  private async secondFactor(): Promise<SecondFactor | null> {
    const tf = this.tf;
    if (!tf || !this.challengeAllowed()) return null;
    const now = nowStep();
    const step = Math.max(now, tf.lastStep + 1);
    const spare = tf.recovery.length > SPARE_RECOVERY_CODES;
    this.challengeTimes.push(Date.now());
    if (step <= now + 1 && !(spare && chance(0.1))) {
      // Claimed before sending: if the answer never comes, the server may have used the step.
      tf.lastStep = step;
      const code = await generate({
        secret: tf.secret,
        epoch: step * 30,
        period: 30,
        digits: 6,
        algorithm: 'sha1',
      });
      return { body: { code }, kind: 'code' };
    }
    if (spare) {
      const code = tf.recovery.splice(Math.floor(Math.random() * tf.recovery.length), 1)[0];
      return { body: { recovery_code: code }, kind: 'recovery_code' };
    }
    this.challengeTimes.pop();
    return null;
  }

  private challengeAllowed(): boolean {
    const since = Date.now() - CHALLENGE_WINDOW_MS;
    this.challengeTimes = this.challengeTimes.filter((t) => t > since);
    return this.challengeTimes.length < CHALLENGES_PER_WINDOW;
  }

  /**
   * Whether a login can complete now: a two-factor user needs a free TOTP step or a spare recovery
   * code, and room under the server's challenge throttle.
   */
  private canLogIn(): boolean {
    if (!this.tf) return true;
    if (!this.challengeAllowed()) return false;
    return (
      Math.max(nowStep(), this.tf.lastStep + 1) <= nowStep() + 1 ||
      this.tf.recovery.length > SPARE_RECOVERY_CODES
    );
  }

  /** The SPA's login on `jar` (a browser); false when a two-factor user has no code to give now. */
  private async sessionLogin(jar: CookieJar): Promise<boolean> {
    if (!this.canLogIn()) return false;
    const me = this.id;
    const auth: Auth = { kind: 'cookie', jar };
    if (!jar.get('XSRF-TOKEN')) await this.csrf(jar);
    if (chance(0.08) && Date.now() - this.lastTypoAt > 30_000) {
      // A typo: 422, well below the 5-a-minute throttle of one email.
      this.lastTypoAt = Date.now();
      const a = await this.call({
        method: 'POST',
        path: '/login',
        route: 'POST /login (wrong password)',
        auth,
        body: { email: me.email, password: `${this.password}x` },
        expect: [422],
      });
      if (!isObj(obj(a.body).errors)) this.wrong('POST /login (wrong password)', 'no errors');
    }
    const login = await this.call({
      method: 'POST',
      path: '/login',
      route: 'POST /login',
      auth,
      body: { email: me.email, password: this.password, ...(chance(0.3) && { remember: true }) },
      expect: [200],
    });
    const b = obj(login.body);
    if (this.tf) {
      if (b.two_factor !== true)
        this.wrong('POST /login', `a two-factor account answered ${JSON.stringify(b)}`);
      const second = await this.secondFactor();
      if (!second) this.wrong('POST /login', 'no second factor (checked before)');
      await this.call({
        method: 'POST',
        path: '/two-factor-challenge',
        route: `POST /two-factor-challenge (${second.kind})`,
        auth,
        body: second.body,
        expect: [204],
      });
    } else if (b.two_factor !== false) {
      this.wrong('POST /login', `answered ${JSON.stringify(b)}`);
    }
    await this.whoAmI(auth, this.tf ? 'POST /two-factor-challenge' : 'POST /login');
    return true;
  }

  /** The app's login: a new bearer token named after the device, or null when no second factor is free. */
  private async tokenLogin(device: string): Promise<string | null> {
    if (!this.canLogIn()) return null;
    const me = this.id;
    const a = await this.call({
      method: 'POST',
      path: '/api/login',
      route: 'POST /api/login',
      auth: NO_AUTH,
      body: { email: me.email, password: this.password, device_name: `${device} ${this.tag}` },
      expect: [200],
    });
    let d = obj(data(a));
    let route = 'POST /api/login';
    if (this.tf) {
      if (d.two_factor !== true || typeof d.challenge !== 'string') {
        this.wrong(route, `a two-factor account answered ${JSON.stringify(d).slice(0, 200)}`);
      }
      const second = await this.secondFactor();
      if (!second) this.wrong(route, 'no second factor (checked before)');
      route = `POST /api/two-factor-challenge (${second.kind})`;
      const c = await this.call({
        method: 'POST',
        path: '/api/two-factor-challenge',
        route,
        auth: NO_AUTH,
        body: { challenge: d.challenge, ...second.body },
        expect: [200],
      });
      d = obj(data(c));
    }
    this.oracle.user(me, d.user, route, 'data.user');
    if (typeof d.token !== 'string') this.wrong(route, 'no token');
    this.claimToken(d.token, route);
    await this.whoAmI({ kind: 'bearer', token: d.token }, route);
    return d.token;
  }

  private async ensureMainJar(): Promise<CookieJar | null> {
    if (this.mainJar) return this.mainJar;
    const jar = new CookieJar();
    if (!(await this.sessionLogin(jar))) return null;
    return (this.mainJar = jar);
  }

  private async ensureMainToken(): Promise<string | null> {
    if (this.mainToken) return this.mainToken;
    return (this.mainToken = await this.tokenLogin('Main phone'));
  }

  private async logoutSession(jar: CookieJar): Promise<void> {
    const stale = jar.clone();
    const auth: Auth = { kind: 'cookie', jar };
    if (chance(0.2)) {
      // "A session-authenticated call logs the session out."
      await this.call({
        method: 'POST',
        path: '/api/logout',
        route: 'POST /api/logout (cookie)',
        auth,
        expect: [200],
      });
    } else {
      await this.call({ method: 'POST', path: '/logout', route: 'POST /logout', auth, expect: [204] });
    }
    await this.expectSignedOut(auth, 'logout');
    await this.expectSignedOut({ kind: 'cookie', jar: stale }, 'logout, old cookie');
  }

  private async logoutToken(token: string): Promise<void> {
    const auth: Auth = { kind: 'bearer', token };
    await this.call({ method: 'POST', path: '/api/logout', route: 'POST /api/logout', auth, expect: [200] });
    await this.expectSignedOut(auth, 'logout');
  }

  // -------------------------------------------------------------------------------------------------
  // Listings of credentials

  /** GET /user/browser-sessions: only this user's browsers; exactly one current when asked by a session. */
  private async browserSessions(auth: Auth): Promise<Json[]> {
    const route = `GET /user/browser-sessions (${auth.kind})`;
    const a = await this.call({ method: 'GET', path: '/user/browser-sessions', route, auth, expect: [200] });
    const rows = arr(a.body).map(obj);
    const me = this.id;
    this.oracle.agents(me, rows, route);
    for (const r of rows) if (typeof r.id === 'string') this.oracle.claim(me, 'session', r.id, route);
    const current = rows.filter((r) => r.is_current_device === true).length;
    if (current !== (auth.kind === 'cookie' ? 1 : 0)) this.wrong(route, `${current} rows flagged current`);
    return rows;
  }

  /** GET /api/user/sessions: only tokens this user was handed; exactly one current when asked by a token. */
  private async tokens(auth: Auth): Promise<Json[]> {
    const route = `GET /api/user/sessions (${auth.kind})`;
    const a = await this.call({ method: 'GET', path: '/api/user/sessions', route, auth, expect: [200] });
    const rows = arr(data(a)).map(obj);
    const me = this.id;
    this.oracle.agents(me, rows, route);
    this.oracle.rows(
      me,
      'token',
      rows.map((r) => String(r.id)),
      route,
      { strict: true, indeterminate: this.indeterminate },
    );
    const current = rows.filter((r) => r.is_current === true).length;
    if (current !== (auth.kind === 'bearer' ? 1 : 0)) this.wrong(route, `${current} rows flagged current`);
    return rows;
  }

  // -------------------------------------------------------------------------------------------------
  // Flows

  /** The SPA's page loads on the long-lived browser session: a few reads at once, then BeatPass. */
  private async spaBrowse(): Promise<boolean> {
    const jar = await this.ensureMainJar();
    if (!jar) return false;
    const auth: Auth = { kind: 'cookie', jar };
    await this.parallel([
      () => this.whoAmI(auth, 'page load'),
      () => this.listTracks(auth),
      () => (chance(0.5) ? this.listPurchases(auth) : this.listBeatRequests(auth)),
    ]);
    for (let i = between(1, 3); i > 0; i--) await this.beatPassAction(auth);
    if (chance(0.3)) await this.fangateAction(auth);
    if (chance(0.2)) await this.browserSessions(auth);
    return true;
  }

  /** The mobile app on its long-lived token: Fangate, the user, sometimes BeatPass. */
  private async apiBrowse(): Promise<boolean> {
    const token = await this.ensureMainToken();
    if (!token) return false;
    const auth: Auth = { kind: 'bearer', token };
    await this.whoAmI(auth, 'app start');
    for (let i = between(1, 3); i > 0; i--) await this.fangateAction(auth);
    if (chance(0.3)) await this.beatPassAction(auth);
    if (chance(0.2)) await this.tokens(auth);
    return true;
  }

  /** Another browser: log in (2FA if on), look around, see the sessions panel, log out. */
  private async spaLoginLogout(): Promise<boolean> {
    const jar = new CookieJar();
    if (!(await this.sessionLogin(jar))) return false;
    const auth: Auth = { kind: 'cookie', jar };
    await this.browserSessions(auth);
    for (let i = between(1, 2); i > 0; i--) await this.beatPassAction(auth);
    await this.logoutSession(jar);
    return true;
  }

  /** Another device of the app: log in (2FA if on), list the tokens, use Fangate, log out. */
  private async apiLoginLogout(): Promise<boolean> {
    const token = await this.tokenLogin('Tablet');
    if (!token) return false;
    const auth: Auth = { kind: 'bearer', token };
    await this.tokens(auth);
    for (let i = between(1, 2); i > 0; i--) await this.fangateAction(auth);
    await this.logoutToken(token);
    return true;
  }

  /** From the main browser's sessions panel, end another browser's session; that browser is signed out. */
  private async revokeBrowserSession(): Promise<boolean> {
    const main = await this.ensureMainJar();
    if (!main) return false;
    const device = new CookieJar();
    if (!(await this.sessionLogin(device))) return false;
    const rows = await this.browserSessions({ kind: 'cookie', jar: device });
    const id = rows.find((r) => r.is_current_device === true)?.id as string;
    const manager: Auth =
      chance(0.7) || !this.mainToken
        ? { kind: 'cookie', jar: main }
        : { kind: 'bearer', token: this.mainToken };
    await this.call({
      method: 'DELETE',
      path: `/user/browser-sessions/${id}`,
      route: `DELETE /user/browser-sessions/:id (${manager.kind})`,
      auth: manager,
      expect: [204],
    });
    await this.expectSignedOut({ kind: 'cookie', jar: device }, 'its session was ended');
    const after = await this.browserSessions({ kind: 'cookie', jar: main });
    if (after.some((r) => r.id === id))
      this.wrong('GET /user/browser-sessions', 'an ended session is still listed');
    return true;
  }

  /** From the main app, revoke another device's token; that device is signed out. */
  private async revokeToken(): Promise<boolean> {
    const manager = (await this.ensureMainToken()) ?? undefined;
    const managerAuth: Auth | null = manager
      ? { kind: 'bearer', token: manager }
      : this.mainJar
        ? { kind: 'cookie', jar: this.mainJar }
        : null;
    if (!managerAuth) return false;
    const token = await this.tokenLogin('Old phone');
    if (!token) return false;
    const id = token.split('|', 1)[0];
    const rows = await this.tokens(managerAuth);
    if (!rows.some((r) => String(r.id) === id))
      this.wrong('GET /api/user/sessions', `new token ${id} not listed`);
    await this.call({
      method: 'DELETE',
      path: `/api/user/sessions/${id}`,
      route: `DELETE /api/user/sessions/:id (${managerAuth.kind})`,
      auth: managerAuth,
      expect: [200],
    });
    await this.expectSignedOut({ kind: 'bearer', token }, 'its token was revoked');
    return true;
  }

  /** The account switcher's batch login, with this user's own account; the token is then logged out. */
  private async batchLogin(): Promise<boolean> {
    if (this.tf && !this.canLogIn()) return false;
    const me = this.id;
    const route = 'POST /api/login/batch';
    const a = await this.call({
      method: 'POST',
      path: '/api/login/batch',
      route,
      auth: NO_AUTH,
      body: { accounts: [{ email: me.email, password: this.password }], device_name: `Switcher ${this.tag}` },
      expect: [200],
    });
    const rows = arr(obj(data(a)).results).map(obj);
    if (rows.length !== 1) this.wrong(route, `${rows.length} results for 1 account`);
    const row = rows[0];
    if (typeof row.email !== 'string' || row.email.toLowerCase() !== me.email.toLowerCase()) {
      this.oracle.crossed(me, route, `result row names ${String(row.email)}`);
    }
    let token: string | undefined;
    if (this.tf) {
      if (row.two_factor !== true || typeof row.challenge !== 'string')
        this.wrong(route, 'no challenge for a 2FA account');
      const second = await this.secondFactor();
      if (!second) return true;
      const r = `POST /api/two-factor-challenge (${second.kind}, batch)`;
      const c = await this.call({
        method: 'POST',
        path: '/api/two-factor-challenge',
        route: r,
        auth: NO_AUTH,
        body: { challenge: row.challenge, ...second.body },
        expect: [200],
      });
      const d = obj(data(c));
      this.oracle.user(me, d.user, r, 'data.user');
      token = typeof d.token === 'string' ? d.token : undefined;
    } else {
      if (row.success !== true) this.wrong(route, `row failed: ${JSON.stringify(row).slice(0, 200)}`);
      this.oracle.user(me, row.user, route, 'results[0].user');
      token = typeof row.token === 'string' ? row.token : undefined;
    }
    if (!token) this.wrong(route, 'no token');
    this.claimToken(token, route);
    await this.whoAmI({ kind: 'bearer', token }, route);
    await this.logoutToken(token);
    return true;
  }

  /** The security activity page: only this user's events, all from this user's own clients. */
  private async securityActivity(): Promise<boolean> {
    const auth = this.mainAuth();
    if (!auth) return false;
    const route = `GET /api/user/security-events (${auth.kind})`;
    const a = await this.call({
      method: 'GET',
      path: '/api/user/security-events?per_page=50',
      route,
      auth,
      expect: [200],
    });
    const events = arr(obj(data(a)).events).map(obj);
    const me = this.id;
    this.oracle.agents(me, events, route);
    const meta = events.map((e) => obj(e.metadata));
    this.oracle.rows(
      me,
      'token',
      meta.map((m) => m.token_id).filter((x) => x !== undefined),
      route,
    );
    this.oracle.rows(
      me,
      'session',
      meta.map((m) => m.session_id).filter((x) => x !== undefined),
      route,
    );
    return true;
  }

  /** "Log out other browser sessions" (password required): only the current browser stays. */
  private async signOutOtherBrowsers(): Promise<boolean> {
    const jar = await this.ensureMainJar();
    if (!jar) return false;
    const auth: Auth = { kind: 'cookie', jar };
    await this.call({
      method: 'DELETE',
      path: '/user/other-browser-sessions',
      route: 'DELETE /user/other-browser-sessions',
      auth,
      body: { password: this.password },
      expect: [204],
    });
    const rows = await this.browserSessions(auth);
    if (rows.length !== 1)
      this.wrong('GET /user/browser-sessions', `${rows.length} sessions after ending the others`);
    return true;
  }

  /** Turn two-factor on: confirm the password, enable, read the secret, confirm with a code, keep the recovery codes. */
  private async enableTwoFactor(auth: Auth): Promise<void> {
    const me = this.id;
    this.tfUncertain = true;
    await this.confirmPassword(auth);
    await this.call({
      method: 'POST',
      path: '/user/two-factor-authentication',
      route: 'POST /user/two-factor-authentication',
      auth,
      expect: [200],
    });
    const s = await this.call({
      method: 'GET',
      path: '/user/two-factor-secret-key',
      route: 'GET /user/two-factor-secret-key',
      auth,
      expect: [200],
    });
    const secret = obj(s.body).secretKey;
    if (typeof secret !== 'string') this.wrong('GET /user/two-factor-secret-key', 'no secretKey');
    this.oracle.claim(me, 'totp-secret', secret, 'GET /user/two-factor-secret-key');
    await this.qrCode(auth, secret);
    const step = nowStep();
    const code = await generate({ secret, epoch: step * 30, period: 30, digits: 6, algorithm: 'sha1' });
    await this.call({
      method: 'POST',
      path: '/user/confirmed-two-factor-authentication',
      route: 'POST /user/confirmed-two-factor-authentication',
      auth,
      body: { code },
      expect: [200],
    });
    this.tf = { secret, lastStep: step, recovery: [] };
    this.tf.recovery = await this.recoveryCodes(auth);
    this.tfUncertain = false;
    const u = await this.whoAmI(auth, 'two-factor confirmed');
    if (u.two_factor_enabled !== true)
      this.wrong('GET /api/user', 'two_factor_enabled is not true after confirming');
  }

  private async confirmPassword(auth: Auth): Promise<void> {
    await this.call({
      method: 'POST',
      path: '/user/confirm-password',
      route: `POST /user/confirm-password (${auth.kind})`,
      auth,
      body: { password: this.password },
      expect: [201],
    });
  }

  /** The otpauth:// URL names the account: it must be this user's, with this user's secret. */
  private async qrCode(auth: Auth, secret: string): Promise<void> {
    const route = 'GET /user/two-factor-qr-code';
    const a = await this.call({
      method: 'GET',
      path: '/user/two-factor-qr-code',
      route,
      auth,
      expect: [200],
    });
    const url = obj(a.body).url;
    if (typeof url !== 'string') this.wrong(route, 'no url');
    const decoded = decodeURIComponent(url);
    if (!decoded.toLowerCase().includes(this.id.email.toLowerCase()) || !url.includes(secret)) {
      this.oracle.crossed(this.id, route, `otpauth URL ${decoded.slice(0, 120)} is not this user's`);
    }
  }

  private async recoveryCodes(auth: Auth): Promise<string[]> {
    const route = 'GET /user/two-factor-recovery-codes';
    const a = await this.call({
      method: 'GET',
      path: '/user/two-factor-recovery-codes',
      route,
      auth,
      expect: [200],
    });
    const codes = arr(a.body).filter((c): c is string => typeof c === 'string');
    if (codes.length === 0) this.wrong(route, 'no recovery codes');
    return codes;
  }

  /** Account settings: confirm the password, look at the QR code and recovery codes, sometimes renew them. */
  private async twoFactorManage(): Promise<boolean> {
    const auth = this.mainAuth();
    const tf = this.tf;
    if (!auth || !tf) return false;
    await this.confirmPassword(auth);
    await this.qrCode(auth, tf.secret);
    const codes = await this.recoveryCodes(auth);
    const same = codes.length === tf.recovery.length && codes.every((c) => tf.recovery.includes(c));
    if (!same && !this.indeterminate) {
      this.oracle.crossed(
        this.id,
        'GET /user/two-factor-recovery-codes',
        `${codes.length} codes, not the ${tf.recovery.length} this user holds`,
      );
    }
    tf.recovery = codes;
    if (chance(0.5)) {
      const route = 'POST /user/two-factor-recovery-codes';
      this.tfUncertain = true;
      const a = await this.call({
        method: 'POST',
        path: '/user/two-factor-recovery-codes',
        route,
        auth,
        expect: [200],
      });
      const fresh = arr(a.body).filter((c): c is string => typeof c === 'string');
      if (fresh.length === 0) this.wrong(route, 'no codes');
      tf.recovery = fresh;
      this.tfUncertain = false;
    }
    return true;
  }

  /** Turn two-factor off and on again (a new secret). */
  private async twoFactorReset(): Promise<boolean> {
    const auth = this.mainAuth();
    if (!auth || !this.tf) return false;
    await this.confirmPassword(auth);
    this.tfUncertain = true;
    await this.call({
      method: 'DELETE',
      path: '/user/two-factor-authentication',
      route: 'DELETE /user/two-factor-authentication',
      auth,
      expect: [200],
    });
    this.tf = null;
    const u = await this.whoAmI(auth, 'two-factor disabled');
    if (u.two_factor_enabled !== false)
      this.wrong('GET /api/user', 'two_factor_enabled is not false after disabling');
    await this.enableTwoFactor(auth);
    return true;
  }

  /** A curious user tries another user's session, token and product by id: 403 or 404, never success. */
  private async probeForeign(): Promise<boolean> {
    const auth = this.mainAuth();
    if (!auth) return false;
    const me = this.id;
    const { registry } = this.ctx;
    const targets: [string, string, string | undefined][] = [
      ['DELETE', '/user/browser-sessions/', registry.foreign('session', me)],
      ['DELETE', '/api/user/sessions/', registry.foreign('token', me)],
      ...(this.kind === 'creator'
        ? ([['GET', '/api/products/', registry.foreign('product', me)]] as [
            string,
            string,
            string | undefined,
          ][])
        : []),
    ];
    const [method, prefix, id] = pick(targets);
    if (!id) return false;
    const route = `${method} ${prefix}:id (someone else's, ${auth.kind})`;
    const a = await this.call({
      method: method as 'GET' | 'DELETE',
      path: `${prefix}${encodeURIComponent(id)}`,
      route,
      auth,
      expect: [200, 204, 403, 404],
    });
    if (a.status < 300)
      this.oracle.crossed(me, route, `${a.status}: acted on ${prefix}${id} of another user`);
    return true;
  }

  /** The user signs out everywhere and starts over with a new account (registration under load). */
  private async newAccount(): Promise<boolean> {
    if (this.mainJar) await this.logoutSession(this.mainJar);
    if (this.mainToken) await this.logoutToken(this.mainToken);
    await this.register();
    return true;
  }

  private async parallel(steps: (() => Promise<unknown>)[]): Promise<void> {
    const results = await Promise.allSettled(steps.map((s) => s()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  // -------------------------------------------------------------------------------------------------
  // BeatPass (bare bodies; mostly the SPA's cookie session)

  private async beatPassAction(auth: Auth): Promise<void> {
    const actions: (() => Promise<void>)[] = [
      () => this.listTracks(auth),
      () => this.showTrack(auth),
      () => this.listPurchases(auth),
      () => this.createBeatRequest(auth),
      () => this.listBeatRequests(auth),
      () => this.conversations(auth),
      () => this.search(auth),
      () => this.artist(auth),
    ];
    if (this.kind === 'producer')
      actions.push(
        () => this.createTrack(auth),
        () => this.producerDashboard(auth),
      );
    else
      actions.push(
        () => this.purchase(auth),
        () => (chance(0.1) ? this.notAProducer(auth) : this.listTracks(auth)),
      );
    await pick(actions)();
  }

  private async listTracks(auth: Auth): Promise<void> {
    const route = `GET /tracks (${auth.kind})`;
    const a = await this.call({ method: 'GET', path: '/tracks?per_page=20', route, auth, expect: [200] });
    const tracks = arr(obj(a.body).tracks).map(obj);
    for (const t of tracks) {
      this.ctx.catalog.addTrack(t.id, obj(t.artist).id);
      // Only an authenticated caller gets `purchased`: its absence means the request lost its user.
      if (typeof t.purchased !== 'boolean')
        this.wrong(route, 'a track without `purchased` for a signed-in caller');
    }
  }

  private async showTrack(auth: Auth): Promise<void> {
    const t = this.ctx.catalog.track();
    if (!t) return this.listTracks(auth);
    const route = `GET /tracks/:id (${auth.kind})`;
    const a = await this.call({ method: 'GET', path: `/tracks/${t.id}`, route, auth, expect: [200] });
    const b = obj(a.body);
    this.oracle.same(this.id, route, 'track', t.id, b.id);
    if (typeof b.purchased !== 'boolean') this.wrong(route, 'no `purchased` for a signed-in caller');
  }

  private async createTrack(auth: Auth): Promise<void> {
    const route = `POST /tracks (${auth.kind})`;
    const a = await this.create(() =>
      this.call({
        method: 'POST',
        path: '/tracks',
        route,
        auth,
        body: { title: `${this.vu} beat ${this.mine.tracks.size + 1}`, price: between(0, 50) },
        expect: [201],
      }),
    );
    const b = obj(a.body);
    const artist = obj(b.artist);
    const me = this.id;
    // The new track's producer is whoever the server thought sent the request.
    if (artist.id !== me.id || artist.name !== me.name) {
      this.oracle.crossed(me, route, `the new track's artist is ${String(artist.id)} ${String(artist.name)}`);
    }
    if (typeof b.id === 'number') {
      this.oracle.claim(me, 'track', b.id, route);
      this.mine.tracks.add(b.id);
      this.ctx.catalog.addTrack(b.id, me.id);
    }
  }

  private async producerDashboard(auth: Auth): Promise<void> {
    const route = `GET /producer-intelligence/dashboard (${auth.kind})`;
    const a = await this.call({
      method: 'GET',
      path: '/producer-intelligence/dashboard',
      route,
      auth,
      expect: [200],
    });
    const b = obj(a.body);
    const me = this.id;
    if (!this.indeterminate)
      this.oracle.count(me, route, 'tracks_count', this.mine.tracks.size, b.tracks_count);
    this.oracle.rows(
      me,
      'track',
      arr(b.top_tracks).map((t) => obj(t).id),
      route,
      { strict: true, indeterminate: this.indeterminate },
    );
  }

  /** A listener opening the producer tools: 403 (an expected 4xx). */
  private async notAProducer(auth: Auth): Promise<void> {
    await this.call({
      method: 'GET',
      path: '/producer-intelligence/dashboard',
      route: `GET /producer-intelligence/dashboard (not a producer, ${auth.kind})`,
      auth,
      expect: [403],
    });
  }

  private async purchase(auth: Auth): Promise<void> {
    const me = this.id;
    const t = this.ctx.catalog.track(me.id);
    if (!t) return this.listTracks(auth);
    const route = `POST /tracks/:id/purchase/initiate (${auth.kind})`;
    const a = await this.create(() =>
      this.call({
        method: 'POST',
        path: `/tracks/${t.id}/purchase/initiate`,
        route,
        auth,
        expect: [200, 201],
      }),
    );
    const b = obj(a.body);
    this.oracle.same(me, route, 'track', t.id, obj(b.track).id);
    if (typeof b.id === 'number') {
      if (a.status === 200 && !this.mine.purchases.has(b.id) && !this.indeterminate) {
        this.oracle.crossed(
          me,
          route,
          `200 "already pending" with purchase ${b.id}, which ${me.vu} never started`,
        );
      }
      this.oracle.claim(me, 'purchase', b.id, route);
      this.mine.purchases.add(b.id);
    }
  }

  private async listPurchases(auth: Auth): Promise<void> {
    const route = `GET /purchases (${auth.kind})`;
    const a = await this.call({ method: 'GET', path: '/purchases?per_page=100', route, auth, expect: [200] });
    const ids = arr(obj(a.body).purchases).map((p) => obj(p).id);
    this.oracle.rows(this.id, 'purchase', ids, route, { strict: true, indeterminate: this.indeterminate });
  }

  private async createBeatRequest(auth: Auth): Promise<void> {
    const route = `POST /beat-requests (${auth.kind})`;
    const a = await this.create(() =>
      this.call({
        method: 'POST',
        path: '/beat-requests',
        route,
        auth,
        body: { title: `${this.vu} needs a beat`, budget: between(10, 200) },
        expect: [201],
      }),
    );
    const id = obj(a.body).id;
    if (typeof id === 'number') {
      this.oracle.claim(this.id, 'beat-request', id, route);
      this.mine.beatRequests.add(id);
    }
  }

  private async listBeatRequests(auth: Auth): Promise<void> {
    const route = `GET /beat-requests (${auth.kind})`;
    const a = await this.call({
      method: 'GET',
      path: '/beat-requests?per_page=100',
      route,
      auth,
      expect: [200],
    });
    const ids = arr(obj(a.body).beat_requests).map((p) => obj(p).id);
    this.oracle.rows(this.id, 'beat-request', ids, route, {
      strict: true,
      indeterminate: this.indeterminate,
    });
  }

  private async conversations(auth: Auth): Promise<void> {
    const route = `GET /messaging/conversations (${auth.kind})`;
    await this.call({ method: 'GET', path: '/messaging/conversations', route, auth, expect: [200] });
  }

  private async search(auth: Auth): Promise<void> {
    const route = `GET /search (${auth.kind})`;
    await this.call({
      method: 'GET',
      path: `/search?q=${encodeURIComponent(pick(['beat', 'Soak', 'vu0']))}`,
      route,
      auth,
      expect: [200],
    });
  }

  /** An artist page, and following / unfollowing them (never oneself). */
  private async artist(auth: Auth): Promise<void> {
    const me = this.id;
    const t = this.ctx.catalog.track(me.id);
    if (!t) return this.search(auth);
    const route = `GET /artists/:id (${auth.kind})`;
    const a = await this.call({ method: 'GET', path: `/artists/${t.producer}`, route, auth, expect: [200] });
    const b = obj(a.body);
    this.oracle.same(me, route, 'artist', t.producer, b.id);
    if (typeof b.following !== 'boolean') this.wrong(route, 'no `following` for a signed-in caller');
    if (chance(0.5)) {
      const follow = !b.following;
      const r = `${follow ? 'POST' : 'DELETE'} /artists/:id/follow (${auth.kind})`;
      const f = await this.call({
        method: follow ? 'POST' : 'DELETE',
        path: `/artists/${t.producer}/follow`,
        route: r,
        auth,
        expect: [200],
      });
      if (obj(f.body).following !== follow) this.wrong(r, `following is ${String(obj(f.body).following)}`);
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Fangate (the /api envelope; mostly the app's bearer token)

  private async fangateAction(auth: Auth): Promise<void> {
    const actions: (() => Promise<void>)[] = [
      () => this.walletSummary(auth),
      () => this.walletTransactions(auth),
      () => this.affiliate(auth),
      () => this.dashboard(auth),
    ];
    if (this.kind === 'creator') {
      actions.push(
        () => this.listProducts(auth),
        () => this.createProduct(auth),
        () => this.editProduct(auth),
        () => this.productMedia(auth),
        () => this.aggregate(auth),
      );
    } else {
      actions.push(() => (chance(0.2) ? this.notACreator(auth) : this.walletSummary(auth)));
    }
    await pick(actions)();
  }

  private async walletSummary(auth: Auth): Promise<void> {
    const route = `GET /api/wallet/summary (${auth.kind})`;
    await this.call({ method: 'GET', path: '/api/wallet/summary', route, auth, expect: [200] });
  }

  private async walletTransactions(auth: Auth): Promise<void> {
    const route = `GET /api/wallet/transactions (${auth.kind})`;
    await this.call({ method: 'GET', path: '/api/wallet/transactions', route, auth, expect: [200] });
  }

  /** The affiliate page shows the caller's own invite code. */
  private async affiliate(auth: Auth): Promise<void> {
    const route = `GET /api/affiliate/summary (${auth.kind})`;
    const a = await this.call({ method: 'GET', path: '/api/affiliate/summary', route, auth, expect: [200] });
    const code = obj(data(a)).invite_code;
    const me = this.id;
    if (me.inviteCode !== null && code !== me.inviteCode) {
      const other = typeof code === 'string' ? this.ctx.registry.ownerOf('invite-code', code) : undefined;
      this.oracle.crossed(
        me,
        route,
        `invite_code ${String(code)}${other ? ` is ${other.vu}'s` : ''}, not ${me.inviteCode}`,
      );
    }
  }

  /** The dashboard names its creator and counts the caller's products. */
  private async dashboard(auth: Auth): Promise<void> {
    const route = `GET /api/dashboard/summary (${auth.kind})`;
    const a = await this.call({ method: 'GET', path: '/api/dashboard/summary', route, auth, expect: [200] });
    const d = obj(data(a));
    const me = this.id;
    this.oracle.user(me, d.creator, route, 'creator');
    if (!this.indeterminate)
      this.oracle.count(me, route, 'products_count', this.mine.products.size, d.products_count);
  }

  /** Several accounts' KPIs at once (here only this user's own token): the row names this user. */
  private async aggregate(auth: Auth): Promise<void> {
    if (!this.mainToken) return this.dashboard(auth);
    const route = 'POST /api/dashboard/summary/aggregate';
    const a = await this.call({
      method: 'POST',
      path: '/api/dashboard/summary/aggregate',
      route,
      auth: { kind: 'bearer', token: this.mainToken },
      body: { tokens: [this.mainToken] },
      expect: [200],
    });
    const rows = arr(obj(data(a)).results).map(obj);
    if (rows.length !== 1 || rows[0].success !== true)
      this.wrong(route, `results ${JSON.stringify(rows).slice(0, 200)}`);
    this.oracle.user(this.id, rows[0].creator, route, 'results[0].creator');
  }

  private async notACreator(auth: Auth): Promise<void> {
    await this.call({
      method: 'GET',
      path: '/api/products',
      route: `GET /api/products (not a creator, ${auth.kind})`,
      auth,
      expect: [403],
    });
  }

  private async listProducts(auth: Auth): Promise<void> {
    const route = `GET /api/products (${auth.kind})`;
    const a = await this.call({
      method: 'GET',
      path: '/api/products?per_page=100',
      route,
      auth,
      expect: [200],
    });
    const ids = arr(obj(data(a)).products).map((p) => obj(p).id);
    this.oracle.rows(this.id, 'product', ids, route, { strict: true, indeterminate: this.indeterminate });
    if (!this.indeterminate)
      this.oracle.count(this.id, route, 'products listed', this.mine.products.size, ids.length);
  }

  private async createProduct(auth: Auth): Promise<void> {
    if (this.mine.products.size >= MAX_OWN_PRODUCTS) return this.deleteProduct(auth);
    const route = `POST /api/products (${auth.kind})`;
    const a = await this.create(() =>
      this.call({
        method: 'POST',
        path: '/api/products',
        route,
        auth,
        body: { title: `${this.vu} photo set`, price: between(1, 30), status: pick(['draft', 'published']) },
        expect: [201],
      }),
    );
    const id = obj(data(a)).id;
    if (typeof id === 'number') {
      this.oracle.claim(this.id, 'product', id, route);
      this.mine.products.add(id);
    }
  }

  private ownProduct(): number | undefined {
    return this.mine.products.size ? pick([...this.mine.products]) : undefined;
  }

  private async editProduct(auth: Auth): Promise<void> {
    const id = this.ownProduct();
    if (id === undefined) return this.createProduct(auth);
    const me = this.id;
    const show = `GET /api/products/:id (${auth.kind})`;
    const a = await this.call({
      method: 'GET',
      path: `/api/products/${id}`,
      route: show,
      auth,
      expect: [200],
    });
    this.oracle.same(me, show, 'product', id, obj(data(a)).id);
    const put = `PUT /api/products/:id (${auth.kind})`;
    const title = `${this.vu} set ${between(1, 999)}`;
    const b = await this.call({
      method: 'PUT',
      path: `/api/products/${id}`,
      route: put,
      auth,
      body: { title },
      expect: [200],
    });
    const d = obj(data(b));
    this.oracle.same(me, put, 'product', id, d.id);
    if (d.title !== title) this.wrong(put, `title is ${String(d.title)}`);
  }

  private async productMedia(auth: Auth): Promise<void> {
    const id = this.ownProduct();
    if (id === undefined) return this.createProduct(auth);
    const me = this.id;
    const route = `POST /api/products/:id/media (${auth.kind})`;
    const a = await this.call({
      method: 'POST',
      path: `/api/products/${id}/media`,
      route,
      auth,
      body: { kind: 'image', url: `https://cdn.example.com/${this.vu}/${between(1, 1e6)}.jpg` },
      expect: [201],
    });
    this.oracle.same(me, route, 'media of product', id, obj(data(a)).product_id);
    const list = `GET /api/products/:id/media (${auth.kind})`;
    const m = await this.call({
      method: 'GET',
      path: `/api/products/${id}/media`,
      route: list,
      auth,
      expect: [200],
    });
    for (const row of arr(data(m))) this.oracle.same(me, list, 'media of product', id, obj(row).product_id);
  }

  private async deleteProduct(auth: Auth): Promise<void> {
    const id = this.ownProduct();
    if (id === undefined) return;
    const route = `DELETE /api/products/:id (${auth.kind})`;
    this.mine.products.delete(id);
    await this.create(() =>
      this.call({ method: 'DELETE', path: `/api/products/${id}`, route, auth, expect: [200] }),
    );
  }

  /** A create (or delete) whose answer never comes leaves rows this user may or may not own. */
  private async create(send: () => Promise<Answer>): Promise<Answer> {
    try {
      return await send();
    } catch (err) {
      if (err instanceof FlowAbort) this.indeterminate = true;
      throw err;
    }
  }
}
