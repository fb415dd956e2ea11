// The soak's HTTP client: plain fetch (Node's built-in undici, keep-alive), a client timeout on every
// request (counted as a hang), a cookie jar per browser, the SPA's CSRF headers, and the counters.

export const CLIENT_TIMEOUT_MS = 10_000;
export const FIRST_PARTY_ORIGIN = 'http://localhost:3000';
export const FIRST_PARTY = `${FIRST_PARTY_ORIGIN}/`;

export type Json = Record<string, unknown>;

/** A tiny cookie jar: name → value, updated from each response's Set-Cookie headers. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const i = pair.indexOf('=');
      if (i <= 0) continue;
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attributes.some((a) => {
        const [k, v = ''] = a.split('=').map((s) => s.trim());
        if (/^max-age$/i.test(k)) return Number(v) <= 0;
        if (/^expires$/i.test(k)) return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** A copy: the same browser's cookies at this moment (e.g. a stolen or stale cookie). */
  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    return copy;
  }
}

export type Auth = { kind: 'none' } | { kind: 'cookie'; jar: CookieJar } | { kind: 'bearer'; token: string };
export const NO_AUTH: Auth = { kind: 'none' };

export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The route as reported, with ids as placeholders: `GET /tracks/:id`. */
  route: string;
  auth: Auth;
  body?: unknown;
  /** The statuses this step of the flow expects; anything else is an error (5xx always is). */
  expect: readonly number[];
}

export interface Answer {
  status: number;
  /** Parsed JSON (null for an empty body, the text when not JSON). */
  body: unknown;
  headers: Headers;
}

/** The flow cannot go on (unexpected status, hang, socket error); the failure is already counted. */
export class FlowAbort extends Error {}
/** The run is over: the virtual user stops where it is. */
export class Stopped extends Error {}

export interface Cross {
  vu: string;
  account: string;
  route: string;
  detail: string;
  /** The X-Request-Id of the crossed answer, when known (several findings on one answer count once). */
  requestId?: string;
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;

/** Everything the report prints. */
export class Stats {
  sent = 0;
  answered = 0;
  readonly byStatus = new Map<number, number>();
  /** `route -> status` → count and the first body seen. */
  readonly unexpected = new Map<string, { count: number; sample: string }>();
  readonly hangs: string[] = [];
  readonly transportErrors: string[] = [];
  readonly latencies: number[] = [];
  /** Latencies per route (without the credential kind in parentheses). */
  readonly routeLatencies = new Map<string, number[]>();
  readonly crosses: Cross[] = [];
  readonly flows = new Map<string, number>();
  readonly notes = new Map<string, number>();
  requestIdEchoed = 0;
  requestIdAbsent = 0;

  status(status: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  unexpectedStatus(route: string, status: number, sample: string): void {
    const key = `${route} -> ${status}`;
    const seen = this.unexpected.get(key);
    if (seen) seen.count++;
    else this.unexpected.set(key, { count: 1, sample });
  }

  flow(name: string): void {
    this.flows.set(name, (this.flows.get(name) ?? 0) + 1);
  }

  note(what: string): void {
    this.notes.set(what, (this.notes.get(what) ?? 0) + 1);
  }

  /** Crossed answers: findings on one answer count once. */
  get crossedResponses(): number {
    const answers = new Set<string>();
    let unattributed = 0;
    for (const c of this.crosses) {
      if (c.requestId) answers.add(c.requestId);
      else unattributed++;
    }
    return answers.size + unattributed;
  }

  get fiveHundreds(): number {
    return [...this.byStatus].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  }

  get unexpectedCount(): number {
    return [...this.unexpected.values()].reduce((n, u) => n + u.count, 0);
  }

  latency(route: string, ms: number): void {
    this.latencies.push(ms);
    const key = route.replace(/ \(.*\)$/, '');
    let list = this.routeLatencies.get(key);
    if (!list) this.routeLatencies.set(key, (list = []));
    list.push(ms);
  }

  percentile(p: number): number {
    return percentile(this.sortedLatencies(), p);
  }

  /** The routes with the highest p99 (at least 20 answers). */
  slowestRoutes(n: number): { route: string; p99: number; count: number }[] {
    return [...this.routeLatencies]
      .filter(([, xs]) => xs.length >= 20)
      .map(([route, xs]) => ({
        route,
        p99: percentile(
          [...xs].sort((a, b) => a - b),
          99,
        ),
        count: xs.length,
      }))
      .sort((a, b) => b.p99 - a.p99)
      .slice(0, n);
  }

  private sorted?: number[];
  private sortedLatencies(): number[] {
    if (!this.sorted || this.sorted.length !== this.latencies.length) {
      this.sorted = [...this.latencies].sort((a, b) => a - b);
    }
    return this.sorted;
  }
}

export interface ClientContext {
  baseUrl: string;
  stats: Stats;
  /** True once the virtual user must not send anything more. */
  stopped(): boolean;
  /** Called with a request whose X-Request-Id came back different (a response for another request). */
  onForeignRequestId(route: string, sent: string, got: string): void;
}

let requestSeq = 0;

/** One virtual user's HTTP client: its own User-Agent and X-Request-Ids, its own cookie jars. */
export class Client {
  constructor(
    private readonly ctx: ClientContext,
    readonly vu: string,
    /** A browser's User-Agent for cookie requests, the mobile app's otherwise. */
    private readonly userAgent: (auth: Auth) => string,
  ) {}

  /** route → the X-Request-Id of its last answer. */
  private readonly answered = new Map<string, string>();

  answerId(route: string): string | undefined {
    return this.answered.get(route);
  }

  async send(call: Call): Promise<Answer> {
    if (this.ctx.stopped()) throw new Stopped();
    const { stats } = this.ctx;
    const requestId = `soak-${this.vu}-${++requestSeq}`;
    const unsafe = call.method !== 'GET';
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.userAgent(call.auth),
      'X-Request-Id': requestId,
    };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    const { auth } = call;
    if (auth.kind === 'cookie') {
      const cookie = auth.jar.header;
      if (cookie) headers.Cookie = cookie;
      // A first-party SPA: the browser sends Referer always and Origin on unsafe requests.
      headers.Referer = FIRST_PARTY;
      if (unsafe) {
        headers.Origin = FIRST_PARTY_ORIGIN;
        const xsrf = auth.jar.get('XSRF-TOKEN');
        if (xsrf) headers['X-XSRF-TOKEN'] = decodeURIComponent(xsrf);
        headers['X-Requested-With'] = 'XMLHttpRequest';
      }
    } else if (auth.kind === 'bearer') {
      headers.Authorization = `Bearer ${auth.token}`;
    }

    stats.sent++;
    const started = performance.now();
    let res: Response;
    let text: string;
    try {
      const signal = AbortSignal.timeout(CLIENT_TIMEOUT_MS);
      res = await fetch(`${this.ctx.baseUrl}${call.path}`, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal,
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const what = `${this.vu} ${call.route} (${requestId})`;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        stats.hangs.push(`${what}: no answer within ${CLIENT_TIMEOUT_MS / 1000} s`);
      } else {
        stats.transportErrors.push(
          `${what}: ${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}`,
        );
      }
      throw new FlowAbort(`${call.route}: no answer`);
    }
    stats.latency(call.route, performance.now() - started);
    stats.answered++;
    this.answered.set(call.route, requestId);
    stats.status(res.status);
    if (auth.kind === 'cookie') auth.jar.absorb(res);

    const echoed = res.headers.get('x-request-id');
    if (echoed === null) stats.requestIdAbsent++;
    else if (echoed === requestId) stats.requestIdEchoed++;
    else this.ctx.onForeignRequestId(call.route, requestId, echoed);

    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (res.status >= 500 || !call.expect.includes(res.status)) {
      stats.unexpectedStatus(
        call.route,
        res.status,
        `${this.vu}: expected ${call.expect.join('|')}: ${text.slice(0, 300)}`,
      );
      throw new FlowAbort(`${call.route}: ${res.status}`);
    }
    return { status: res.status, body, headers: res.headers };
  }
}

// Narrowing helpers for JSON bodies.
export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Json => (isObj(v) ? v : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** The `data` of an /api envelope. */
export const data = (a: Answer): unknown => obj(a.body).data;
