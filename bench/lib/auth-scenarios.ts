// The benchmark's scenarios beyond steady load: cache misses, a login storm beside authenticated
// reads, and revocation across two instances. Each returns the lines it prints.
import autocannon from 'autocannon';
import { createConnection } from 'node:net';
import { expectStatus, type Measured } from './auth-client';
import type { SqlCounter } from './sql-counter';

export interface Extra {
  lines: string[];
}

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };
const STORM_LOGINS = 50;
/** Accounts the storm logs in to: each takes at most 10 logins at once (the per-account in-flight limit). */
const STORM_ACCOUNTS = 10;
const STORM_P99_TARGET_MS = 25;
const STORM_RATIO_TARGET = 0.6;
const MISS_TOKENS = 60;
const REVOCATION_TRIALS = 20;

/** REDIS_URL, else the local default when a Redis answers PING there, else undefined. */
export async function findRedis(): Promise<string | undefined> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  const answers = await new Promise<boolean>((done) => {
    const socket = createConnection(6379, '127.0.0.1');
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => finish(d.toString().startsWith('+PONG')));
  });
  return answers ? 'redis://127.0.0.1:6379' : undefined;
}

async function loginToken(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ email, password }),
  });
  const body = (await expectStatus(res, 200, 'POST /api/login')) as { data: { token: string } };
  return body.data.token;
}

const me = (baseUrl: string, token: string) =>
  fetch(`${baseUrl}/api/user`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });

/** `jobs` run with at most `width` at once. */
async function pool<T>(items: readonly T[], width: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await job(items[next++]);
    }),
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** The first request of each of MISS_TOKENS new tokens: no cache entry, the database answers. */
export async function missedReads(
  baseUrl: string,
  email: string,
  password: string,
  baseline: Measured,
): Promise<Extra> {
  const tokens: string[] = [];
  await pool(Array.from({ length: MISS_TOKENS }), 4, async () => {
    tokens.push(await loginToken(baseUrl, email, password));
  });
  const latencies: number[] = [];
  const started = performance.now();
  await pool(tokens, 10, async (token) => {
    const t0 = performance.now();
    await expectStatus(await me(baseUrl, token), 200, 'GET /api/user (first request of a token)');
    latencies.push(performance.now() - t0);
  });
  const perSecond = tokens.length / ((performance.now() - started) / 1000);
  latencies.sort((a, b) => a - b);
  return {
    lines: [
      `cache miss (first request of ${tokens.length} new tokens, 10 at once): ${perSecond.toFixed(0)} req/s, ` +
        `median ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms`,
      `ratio miss/baseline:        ${(perSecond / baseline.requestsPerSecond).toFixed(2)}`,
    ],
  };
}

/** Bearer GET /api/user under autocannon while STORM_LOGINS logins at cost 12 are always in flight. */
export async function loginStorm(
  baseUrl: string,
  register: () => Promise<{ email: string }>,
  password: string,
  bearer: Measured,
  seconds: number,
): Promise<Extra> {
  const accounts: string[] = [];
  await pool(Array.from({ length: STORM_ACCOUNTS }), 2, async () => {
    accounts.push((await register()).email);
  });
  let storming = true;
  const outcomes = new Map<number, number>();
  let loginsDone = 0;
  const storm = Array.from({ length: STORM_LOGINS }, async (_, lane) => {
    const email = accounts[lane % accounts.length];
    while (storming) {
      const res = await fetch(`${baseUrl}/api/login`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ email, password }),
      });
      await res.arrayBuffer();
      outcomes.set(res.status, (outcomes.get(res.status) ?? 0) + 1);
      loginsDone++;
    }
  });
  // The storm fills the hash queue first.
  await new Promise((r) => setTimeout(r, 1000));
  const result = await autocannon({
    url: `${baseUrl}${bearer.scenario.path}`,
    connections: 10,
    duration: seconds,
    headers: bearer.scenario.headers,
  });
  storming = false;
  await Promise.all(storm);
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(
      `storm: GET /api/user did not always answer 200: ${JSON.stringify(result.statusCodeStats)}`,
    );
  }
  const ratio = result.requests.average / bearer.requestsPerSecond;
  const p99 = result.latency.p99;
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return {
    lines: [
      `storm: GET /api/user (bearer) with ${STORM_LOGINS} logins to ${STORM_ACCOUNTS} accounts always in flight: ` +
        `${result.requests.average.toFixed(1)} req/s, p99 ${p99} ms`,
      `       logins answered: ${[...outcomes].map(([s, n]) => `${n}× ${s}`).join(', ')} (${loginsDone} in all)`,
      `ratio storm/no storm:       ${ratio.toFixed(2)}  (target ≥ ${STORM_RATIO_TARGET}: ${verdict(ratio >= STORM_RATIO_TARGET)})`,
      `p99 during the storm:       ${p99} ms  (target ≤ ${STORM_P99_TARGET_MS} ms: ${verdict(p99 <= STORM_P99_TARGET_MS)})`,
    ],
  };
}

/**
 * REVOCATION_TRIALS times: a token read on both instances until served from memory (no SQL on the
 * third read), logged out through A, then read at once on B and on A. Every one must be refused.
 */
export async function revocationAcrossInstances(
  a: string,
  b: string,
  email: string,
  password: string,
  sql: SqlCounter,
): Promise<Extra> {
  let refusedOnB = 0;
  let refusedOnA = 0;
  let cachedBefore = 0;
  const delays: number[] = [];
  for (let i = 0; i < REVOCATION_TRIALS; i++) {
    const token = await loginToken(a, email, password);
    for (const base of [a, b, a, b]) await expectStatus(await me(base, token), 200, 'GET /api/user');
    // Let the once-a-minute last-use mark of the first read land before counting.
    await new Promise((r) => setTimeout(r, 100));
    const before = sql.snapshot().statements;
    await expectStatus(await me(b, token), 200, 'GET /api/user');
    if (sql.snapshot().statements === before) cachedBefore++;

    const logout = await fetch(`${a}/api/logout`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    await expectStatus(logout, 200, 'POST /api/logout');
    const revokedAt = performance.now();
    const onB = await me(b, token);
    await onB.arrayBuffer();
    delays.push(performance.now() - revokedAt);
    if (onB.status === 401) refusedOnB++;
    const onA = await me(a, token);
    await onA.arrayBuffer();
    if (onA.status === 401) refusedOnA++;
  }
  delays.sort((x, y) => x - y);
  const all = refusedOnA === REVOCATION_TRIALS && refusedOnB === REVOCATION_TRIALS;
  return {
    lines: [
      `revocation (logout through A, two instances, one Redis), ${REVOCATION_TRIALS} trials:`,
      `  served from memory on B before the logout (no SQL): ${cachedBefore}/${REVOCATION_TRIALS}`,
      `  refused on the very next request: B ${refusedOnB}/${REVOCATION_TRIALS}, A ${refusedOnA}/${REVOCATION_TRIALS}` +
        `  (target: every time: ${all ? 'met' : 'MISSED'})`,
      `  logout answered → B's refusal answered: median ${percentile(delays, 0.5).toFixed(1)} ms, ` +
        `max ${delays[delays.length - 1].toFixed(1)} ms`,
    ],
  };
}
