// The benchmark's HTTP side: registering, logging in, loading a route with autocannon.
import autocannon from 'autocannon';
import type { SqlCounter, SqlCounts } from './sql-counter';

export const PASSWORD = 'Bench-Pass-2026!';
export const FIRST_PARTY = 'http://localhost:3000/';

export interface LoadSettings {
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

export interface Scenario {
  name: string;
  description: string;
  path: string;
  headers: Record<string, string>;
  /** The response must be the registered user's resource. */
  expectsUser?: boolean;
}

export interface Measured {
  scenario: Scenario;
  requestsPerSecond: number;
  p99: number;
  total: number;
  sql?: SqlCounts;
}

export function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

/** A tiny cookie jar: name → value, updated from each response's Set-Cookie headers. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0];
      const i = pair.indexOf('=');
      if (i > 0) this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export async function expectStatus(res: Response, status: number, what: string): Promise<unknown> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Registers a fresh user through POST /api/register and returns its email and bearer token. */
export async function registerUser(baseUrl: string): Promise<{ email: string; token: string }> {
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const res = await fetch(`${baseUrl}/api/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      email,
      password: PASSWORD,
      first_name: 'Bench',
      last_name: 'Mark',
      birth_date: '1990-01-01',
    }),
  });
  const body = (await expectStatus(res, 201, 'POST /api/register')) as { data?: { token?: string } };
  const token = body.data?.token;
  if (!token) throw new Error(`POST /api/register returned no token: ${JSON.stringify(body)}`);
  return { email, token };
}

/** The SPA flow: GET /sanctum/csrf-cookie, then POST /login; returns the authenticated cookie header. */
export async function loginWithSession(baseUrl: string, email: string): Promise<string> {
  const jar = new CookieJar();
  const csrf = await fetch(`${baseUrl}/sanctum/csrf-cookie`, { headers: { Referer: FIRST_PARTY } });
  await expectStatus(csrf, 204, 'GET /sanctum/csrf-cookie');
  jar.absorb(csrf);
  const xsrf = jar.get('XSRF-TOKEN');
  if (!xsrf) throw new Error('GET /sanctum/csrf-cookie set no XSRF-TOKEN cookie');

  const login = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Referer: FIRST_PARTY,
      Cookie: jar.header,
      'X-XSRF-TOKEN': decodeURIComponent(xsrf),
    },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const body = (await expectStatus(login, 200, 'POST /login')) as { two_factor?: boolean };
  if (body?.two_factor !== false) throw new Error(`POST /login: unexpected body ${JSON.stringify(body)}`);
  jar.absorb(login);
  return jar.header;
}

/** One request of each scenario before loading it: it must answer 200 as the expected user. */
export async function checkScenario(baseUrl: string, s: Scenario, email?: string): Promise<void> {
  const res = await fetch(`${baseUrl}${s.path}`, { headers: s.headers });
  const body = (await expectStatus(res, 200, `${s.name}: GET ${s.path}`)) as { data?: { email?: string } };
  if (s.expectsUser && body.data?.email !== email) {
    throw new Error(`${s.name}: GET ${s.path} answered for ${body.data?.email}, not ${email}`);
  }
}

export async function measure(
  baseUrl: string,
  s: Scenario,
  load: LoadSettings,
  sql?: SqlCounter,
): Promise<Measured> {
  const before = sql?.snapshot();
  const result = await autocannon({
    url: `${baseUrl}${s.path}`,
    connections: load.connections,
    duration: load.seconds,
    headers: s.headers,
    warmup: { connections: load.connections, duration: load.warmupSeconds },
  });
  for (const [phase, r] of [
    ['warm-up', result.warmup],
    ['run', result],
  ] as const) {
    if (!r) continue;
    const codes = Object.keys(r.statusCodeStats);
    if (r.non2xx !== 0 || r.errors !== 0 || r.timeouts !== 0 || codes.some((c) => c !== '200')) {
      throw new Error(
        `${s.name} (${phase}): not every request answered 200: status codes ${JSON.stringify(r.statusCodeStats)}, ` +
          `non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`,
      );
    }
  }
  if (result.requests.total === 0) throw new Error(`${s.name}: no request completed`);
  const after = sql?.snapshot();
  return {
    scenario: s,
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    total: result.requests.total,
    // The warm-up's requests are counted too: statements over every request sent.
    sql:
      before && after
        ? { statements: after.statements - before.statements, writes: after.writes - before.writes }
        : undefined,
  };
}
