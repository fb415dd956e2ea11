// `npm run bench`: what authentication costs per request. Starts the built app as a child process,
// registers a user, then loads three routes of the same app with autocannon on loopback:
//   baseline  GET /api/health  (public, no database)
//   bearer    GET /api/user    with Authorization: Bearer <token>
//   session   GET /api/user    with the session cookie of a first-party SPA
// and prints requests/s, p99 and the ratios authenticated/baseline (target: each ≥ 0.8).
// Environment: BENCH_SECONDS (per scenario, default 8), BENCH_WARMUP_SECONDS (default 2),
// BENCH_CONNECTIONS (default 10); DATABASE_URL is passed to the app when set, else it uses the
// embedded database in a temporary directory. Exits non-zero on errors only, not on a missed target.
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, describeDatabase, freePort, MAIN } from './lib/app-process';
import { resetConfirmTiming, resetRequestTiming, verificationRequestTiming } from './timing';

const SECONDS = positiveNumber('BENCH_SECONDS', 8);
const WARMUP_SECONDS = positiveNumber('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = positiveNumber('BENCH_CONNECTIONS', 10);
const TARGET_RATIO = 0.8;
const PASSWORD = 'Bench-Pass-2026!';
const FIRST_PARTY = 'http://localhost:3000/';

interface Scenario {
  name: string;
  description: string;
  path: string;
  headers: Record<string, string>;
  /** The response must be the registered user's resource. */
  expectsUser?: boolean;
}

interface Measured {
  scenario: Scenario;
  requestsPerSecond: number;
  p99: number;
  total: number;
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

/** A tiny cookie jar: name → value, updated from each response's Set-Cookie headers. */
class CookieJar {
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

async function expectStatus(res: Response, status: number, what: string): Promise<unknown> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Registers a fresh user through POST /api/register and returns its email and bearer token. */
async function registerUser(baseUrl: string): Promise<{ email: string; token: string }> {
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
async function loginWithSession(baseUrl: string, email: string): Promise<string> {
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
async function checkScenario(baseUrl: string, s: Scenario, email?: string): Promise<void> {
  const res = await fetch(`${baseUrl}${s.path}`, { headers: s.headers });
  const body = (await expectStatus(res, 200, `${s.name}: GET ${s.path}`)) as { data?: { email?: string } };
  if (s.expectsUser && body.data?.email !== email) {
    throw new Error(`${s.name}: GET ${s.path} answered for ${body.data?.email}, not ${email}`);
  }
}

async function measure(baseUrl: string, s: Scenario): Promise<Measured> {
  const result = await autocannon({
    url: `${baseUrl}${s.path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: s.headers,
    warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
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
  return {
    scenario: s,
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    total: result.requests.total,
  };
}

function report(database: string, rows: Measured[]): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (n: number, digits: number, width: number) => n.toFixed(digits).padStart(width);
  console.log('');
  console.log(`Database:    ${database}`);
  console.log(
    `Load:        autocannon, ${CONNECTIONS} connections on 127.0.0.1, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per scenario`,
  );
  console.log(`Node:        ${process.version}, BCRYPT_ROUNDS=10, APP_ENV=development`);
  console.log('');
  console.log(
    `${pad('scenario', 10)}${pad('request', 34)}${'req/s (avg)'.padStart(12)}${'p99 ms'.padStart(9)}${'requests'.padStart(10)}`,
  );
  console.log('-'.repeat(75));
  for (const r of rows) {
    console.log(
      `${pad(r.scenario.name, 10)}${pad(r.scenario.description, 34)}${num(r.requestsPerSecond, 1, 12)}` +
        `${num(r.p99, 0, 9)}${String(r.total).padStart(10)}`,
    );
  }
  const [baseline, ...authenticated] = rows;
  console.log('');
  for (const r of authenticated) {
    const ratio = r.requestsPerSecond / baseline.requestsPerSecond;
    const verdict = ratio >= TARGET_RATIO ? 'met' : 'MISSED';
    console.log(
      `ratio ${pad(`${r.scenario.name}/baseline:`, 19)} ${ratio.toFixed(2)}  (target ≥ ${TARGET_RATIO}: ${verdict})`,
    );
  }
}

async function main(): Promise<void> {
  const varDir = mkdtempSync(join(tmpdir(), 'auth-bench-'));
  // The app's output is kept in memory: the timing pairs read mails in it, and it is shown on failure.
  const app = new AppProcess({
    port: await freePort(),
    varDir,
    env: {
      BCRYPT_ROUNDS: '10',
      APP_ENV: 'development',
      // The timing pairs below send more credential requests than a real client would in a minute.
      IP_RATE_LIMIT: '100000',
    },
  });
  const cleanup = () => {
    app.kill();
    rmSync(varDir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(130));
  }

  try {
    const database = describeDatabase(varDir);
    console.log(`Starting ${MAIN} on ${app.baseUrl} (${database})`);
    await app.waitUntilReady();

    const { email, token } = await registerUser(app.baseUrl);
    const cookie = await loginWithSession(app.baseUrl, email);
    const scenarios: Scenario[] = [
      { name: 'baseline', description: 'GET /api/health (public, no DB)', path: '/api/health', headers: {} },
      {
        name: 'bearer',
        description: 'GET /api/user, bearer token',
        path: '/api/user',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        expectsUser: true,
      },
      {
        name: 'session',
        description: 'GET /api/user, session cookie',
        path: '/api/user',
        headers: { Cookie: cookie, Referer: FIRST_PARTY, Accept: 'application/json' },
        expectsUser: true,
      },
      {
        // The same bearer authentication on a route that does nothing else: its cost alone.
        name: 'auth-only',
        description: 'GET /user/confirmed-password-status',
        path: '/user/confirmed-password-status',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      },
    ];
    for (const s of scenarios) await checkScenario(app.baseUrl, s, email);

    const rows: Measured[] = [];
    for (const s of scenarios) {
      console.log(`Measuring ${s.name}: ${s.description} ...`);
      rows.push(await measure(app.baseUrl, s));
    }
    report(database, rows);
    const timingApp = { baseUrl: app.baseUrl, log: () => app.log, register: () => registerUser(app.baseUrl) };
    await resetRequestTiming(timingApp);
    await resetConfirmTiming(timingApp);
    await verificationRequestTiming(timingApp);
  } catch (err) {
    const log = app.log.trim();
    if (log && !(err instanceof Error && err.message.includes(log))) {
      console.error(`--- app output (last lines) ---\n${log.split('\n').slice(-40).join('\n')}`);
    }
    await app.stop();
    throw err;
  }
  await app.stop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`\nBenchmark failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
