// `npm run bench`: what authentication costs per request. Starts the built app as a child process
// (two for the revocation check), its database behind a relay that counts SQL statements, registers
// a user, then loads routes of the same app with autocannon on loopback:
//   baseline  GET /api/health  (public, no database)
//   bearer    GET /api/user    with Authorization: Bearer <token>
//   session   GET /api/user    with the session cookie of a first-party SPA
//   auth-only a route that only authenticates
// and prints requests/s, p99, SQL statements and writes per request, and each as a ratio to the
// baseline of the same run (target ≥ 0.8). Then: cache misses (the first request of new tokens),
// GET /api/user during a storm of 50 concurrent logins at bcrypt cost 12, and how soon a revocation
// on one instance is refused on the other (one Redis). See bench/README.md.
// Environment: BENCH_SECONDS (per scenario, default 8), BENCH_WARMUP_SECONDS (default 2),
// BENCH_CONNECTIONS (default 10); DATABASE_URL (else an embedded database started here); REDIS_URL
// (else redis://127.0.0.1:6379 when it answers, else the Redis parts are skipped).
// Exits non-zero on errors only, not on a missed target.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, freePort, MAIN } from './lib/app-process';
import {
  loginStorm,
  missedReads,
  revocationAcrossInstances,
  findRedis,
  type Extra,
} from './lib/auth-scenarios';
import {
  checkScenario,
  FIRST_PARTY,
  loginWithSession,
  measure,
  PASSWORD,
  positiveNumber,
  registerUser,
  type Measured,
  type Scenario,
} from './lib/auth-client';
import { measurePeer, peerInstalled } from './lib/peer';
import { SqlCounter } from './lib/sql-counter';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { resetConfirmTiming, resetRequestTiming, verificationRequestTiming } from './timing';

const SECONDS = positiveNumber('BENCH_SECONDS', 8);
const WARMUP_SECONDS = positiveNumber('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = positiveNumber('BENCH_CONNECTIONS', 10);
const TARGET_RATIO = 0.8;
/** Authenticated reads against better-auth's GET /me in the same run. */
const PEER_TARGET = 5;
const LOAD = { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS };

function report(database: string, redis: string, rows: Measured[], extras: Extra[]): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (n: number, digits: number, width: number) => n.toFixed(digits).padStart(width);
  console.log('');
  console.log(`Database:    ${database}`);
  console.log(
    `Load:        autocannon, ${CONNECTIONS} connections on 127.0.0.1, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per scenario`,
  );
  console.log(`Redis:       ${redis}`);
  console.log(`Node:        ${process.version}, BCRYPT_ROUNDS=12, APP_ENV=development`);
  console.log('');
  console.log(
    `${pad('scenario', 10)}${pad('request', 34)}${'req/s (avg)'.padStart(12)}${'p99 ms'.padStart(9)}` +
      `${'requests'.padStart(10)}${'SQL/req'.padStart(9)}${'writes/req'.padStart(11)}`,
  );
  console.log('-'.repeat(95));
  for (const r of rows) {
    // Requests sent = the run's plus the warm-up's; autocannon reports only the run's total.
    const sent = r.total * ((SECONDS + WARMUP_SECONDS) / SECONDS);
    const perRequest = (n?: number) => (n === undefined ? '–' : (n / sent).toFixed(3));
    console.log(
      `${pad(r.scenario.name, 10)}${pad(r.scenario.description, 34)}${num(r.requestsPerSecond, 1, 12)}` +
        `${num(r.p99, 0, 9)}${String(r.total).padStart(10)}${perRequest(r.sql?.statements).padStart(9)}` +
        `${perRequest(r.sql?.writes).padStart(11)}`,
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
  for (const extra of extras) {
    console.log('');
    for (const line of extra.lines) console.log(line);
  }
}

async function main(): Promise<void> {
  const varDir = mkdtempSync(join(tmpdir(), 'auth-bench-'));
  // Without DATABASE_URL, an embedded database here (in this process): both instances share it.
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbedded();
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
  const sql = await SqlCounter.start(databaseUrl);
  const redisUrl = await findRedis();
  const database = embedded
    ? 'embedded PostgreSQL (PGlite, in the benchmark process)'
    : describeUrl(databaseUrl);
  const env = {
    DATABASE_URL: sql.url,
    // PGlite serves one session: connections beyond one per instance would interleave their statements.
    DATABASE_POOL_SIZE: embedded ? '1' : undefined,
    REDIS_URL: redisUrl,
    // One deployment for this run's two instances, apart from anything else in that Redis.
    REDIS_PREFIX: `bench-${process.pid}-${Date.now()}`,
    BCRYPT_ROUNDS: '12',
    APP_ENV: 'development',
    // The storm and the timing pairs send more credential requests than a real client would.
    IP_RATE_LIMIT: '1000000',
    // What an access line costs depends on where stdout goes (here, a pipe into this process); the
    // peer writes none either.
    ACCESS_LOG: 'false',
  };
  // The app's output is kept in memory: the timing pairs read mails in it, and it is shown on failure.
  const app = new AppProcess({ port: await freePort(), varDir, env });
  const apps = [app];
  const cleanup = () => {
    for (const a of apps) a.kill();
    rmSync(varDir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(130));
  }

  try {
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
      rows.push(await measure(app.baseUrl, s, LOAD, sql));
    }
    const [baseline, bearer, session] = rows;
    const extras: Extra[] = [];
    if (peerInstalled()) {
      console.log('Measuring the peer: better-auth GET /me on the same database ...');
      const peer = await measurePeer(env, LOAD);
      const ratio = (r: Measured) => r.requestsPerSecond / peer.requestsPerSecond;
      const verdict = (r: Measured) => (ratio(r) >= PEER_TARGET ? 'met' : 'MISSED');
      extras.push({
        lines: [
          `peer: better-auth GET /me (session + user): ${peer.requestsPerSecond.toFixed(1)} req/s, p99 ${peer.p99} ms`,
          `ratio bearer/better-auth:   ${ratio(bearer).toFixed(2)}  (target ≥ ${PEER_TARGET}: ${verdict(bearer)})`,
          `ratio session/better-auth:  ${ratio(session).toFixed(2)}  (target ≥ ${PEER_TARGET}: ${verdict(session)})`,
        ],
      });
    } else {
      extras.push({ lines: ['peer: better-auth not installed (cd bench/peers/better-auth && npm install)'] });
    }
    console.log('Measuring cache misses: the first request of new tokens ...');
    extras.push(await missedReads(app.baseUrl, email, PASSWORD, baseline));
    console.log('Measuring GET /api/user during a storm of 50 concurrent logins (cost 12) ...');
    extras.push(await loginStorm(app.baseUrl, () => registerUser(app.baseUrl), PASSWORD, bearer, SECONDS));
    if (redisUrl) {
      const other = new AppProcess({ port: await freePort(), varDir, env });
      apps.push(other);
      await other.waitUntilReady();
      console.log('Measuring revocation across two instances (one Redis) ...');
      extras.push(await revocationAcrossInstances(app.baseUrl, other.baseUrl, email, PASSWORD, sql));
      await other.stop();
    } else {
      extras.push({ lines: ['revocation across instances: skipped (no Redis: set REDIS_URL)'] });
    }
    report(
      database,
      redisUrl ? `${redisUrl} (cross-instance revocation checks on)` : 'none (one process)',
      rows,
      extras,
    );
    const timingApp = { baseUrl: app.baseUrl, log: () => app.log, register: () => registerUser(app.baseUrl) };
    await resetRequestTiming(timingApp);
    await resetConfirmTiming(timingApp);
    await verificationRequestTiming(timingApp);
  } catch (err) {
    const log = app.log.trim();
    if (log && !(err instanceof Error && err.message.includes(log))) {
      console.error(`--- app output (last lines) ---\n${log.split('\n').slice(-40).join('\n')}`);
    }
    await Promise.all(apps.map((a) => a.stop()));
    throw err;
  } finally {
    await sql.close();
    await embedded?.stop();
  }
  await Promise.all(apps.map((a) => a.stop()));
}

/** PGlite behind its socket server, in this process: both instances (one connection each) share it. */
async function startEmbedded(): Promise<{ url: string; stop(): Promise<void> }> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

function describeUrl(url: string): string {
  const u = new URL(url);
  return `PostgreSQL at ${u.host}${u.pathname} (DATABASE_URL)`;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`\nBenchmark failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
