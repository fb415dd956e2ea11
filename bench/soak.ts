// `npm run soak`: mixed traffic of many users at once, proving that every answer goes to the user who
// asked (the defect fixed in run-strategy.ts: concurrent logins got each other's identity or hung).
// Starts the built app as a child process (as bench/auth.bench.ts does) on a free loopback port,
// on the embedded database in a temporary VAR_DIR (or DATABASE_URL when set), with a high
// IP_RATE_LIMIT (all users share 127.0.0.1), BCRYPT_ROUNDS=4 and mails written to the app's log file.
// Each virtual user has its own account (listener and producer via POST /register, creator via
// POST /api/register; one in four turns two-factor on), its own cookie jars and tokens, and loops
// over realistic flows: cookie and bearer logins (with TOTP or recovery codes), GET /api/user,
// listing and revoking its browser sessions and tokens, BeatPass and Fangate resources, logouts.
// The identity oracle (soak/oracle.ts) checks every answer that carries or implies a user.
//
// Flags: --duration <seconds> (default 60, env SOAK_DURATION), --users <n> (default 50, env
// SOAK_USERS), --self-test (only feed fabricated crossed answers to the oracle and exit).
// Exit code 1 on any cross-user answer, hang (no answer within 10 s), socket error, 5xx, or any
// status a flow did not expect (expected 4xx such as 401 after logout are part of the flows).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, describeDatabase, freePort, MAIN, sleep } from './lib/app-process';
import { logProblems, SOAK_ENV } from './soak/app';
import { CLIENT_TIMEOUT_MS, Client, NO_AUTH, obj, Stats, type Cross } from './soak/http';
import { Oracle, oracleSelfTest, Registry, tagOf, type Identity } from './soak/oracle';
import { Catalog, VirtualUser } from './soak/user';

/** After the deadline, flows in progress may finish their steps for this long; then no request starts. */
const DRAIN_MS = 5_000;
const SHOWN_CROSSES = 5;

interface Options {
  durationSeconds: number;
  users: number;
  selfTestOnly: boolean;
}

function parseOptions(argv: string[]): Options {
  const positive = (name: string, raw: string | undefined, fallback: number, integer: boolean): number => {
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
      throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
    }
    return n;
  };
  const flags = new Map<string, string>();
  let selfTestOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--self-test') selfTestOnly = true;
    else if (arg === '--duration' || arg === '--users') {
      if (argv[i + 1] === undefined) throw new Error(`${arg} needs a value`);
      flags.set(arg, argv[++i]);
    } else if (/^--(duration|users)=/.test(arg)) {
      const [k, v] = arg.split('=', 2);
      flags.set(k, v);
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: node dist/bench/soak.js [--duration <seconds>] [--users <n>] [--self-test]');
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}" (see --help)`);
  }
  return {
    durationSeconds: positive('--duration', flags.get('--duration') ?? process.env.SOAK_DURATION, 60, false),
    users: positive('--users', flags.get('--users') ?? process.env.SOAK_USERS, 50, true),
    selfTestOnly,
  };
}

function selfTest(): boolean {
  const failures = oracleSelfTest();
  if (failures.length) {
    console.error(`Oracle self-test FAILED (fabricated answers it misjudged):\n  ${failures.join('\n  ')}`);
    return false;
  }
  console.log('Oracle self-test: every fabricated cross-user answer was flagged, no matching one was');
  return true;
}

/**
 * The oracle against the real server: two throwaway accounts, then GET /api/user with B's token
 * judged as if A had sent it. The oracle must call that crossed (and A's own answer not).
 */
async function liveCanary(baseUrl: string): Promise<void> {
  const stats = new Stats();
  const crosses: Cross[] = [];
  const oracle = new Oracle(new Registry(), (c) => crosses.push(c));
  const client = new Client(
    { baseUrl, stats, stopped: () => false, onForeignRequestId: () => undefined },
    'canary',
    () => `soak-canary ${tagOf('canary')}`,
  );
  const accounts: { me: Identity; token: string }[] = [];
  for (const n of [1, 2]) {
    const email = `soak-canary-${n}-${Date.now()}@example.com`;
    const password = 'Lantern-Quarry-canary';
    const a = await client.send({
      method: 'POST',
      path: '/api/register',
      route: 'POST /api/register (canary)',
      auth: NO_AUTH,
      body: { email, password, first_name: 'Canary', last_name: `N${n}`, birth_date: '1990-04-12' },
      expect: [201],
    });
    const d = obj(obj(a.body).data);
    const u = obj(d.user);
    accounts.push({
      me: {
        id: u.id as number,
        email,
        vu: `canary${n}`,
        tag: tagOf('canary'),
        name: `Canary N${n}`,
        inviteCode: null,
      },
      token: d.token as string,
    });
  }
  const [a, b] = accounts;
  const whoAmI = async (token: string) =>
    obj(
      (
        await client.send({
          method: 'GET',
          path: '/api/user',
          route: 'GET /api/user (canary)',
          auth: { kind: 'bearer', token },
          expect: [200],
        })
      ).body,
    ).data;
  oracle.user(a.me, await whoAmI(a.token), 'own');
  const own = crosses.length;
  oracle.user(a.me, await whoAmI(b.token), 'foreign');
  if (own !== 0 || crosses.length !== 1) {
    throw new Error(
      `live canary: the oracle judged A's own answer ${own ? 'crossed' : 'fine'} and B's ${crosses.length > own ? 'crossed' : 'fine'}`,
    );
  }
  console.log(
    `Live canary: GET /api/user with ${b.me.email}'s token, judged as ${a.me.email}'s request, was flagged`,
  );
}

async function soak(
  baseUrl: string,
  options: Options,
  stats: Stats,
): Promise<{ elapsedMs: number; stuck: number }> {
  const registry = new Registry();
  const catalog = new Catalog();
  const started = Date.now();
  const stopAt = started + options.durationSeconds * 1000;
  const drainAt = stopAt + DRAIN_MS;
  const ctx = {
    baseUrl,
    stats,
    registry,
    catalog,
    flowsOpen: () => Date.now() < stopAt,
    requestsOpen: () => Date.now() < drainAt,
  };
  const users = Array.from({ length: options.users }, (_, i) => new VirtualUser(i + 1, ctx));
  let running = users.length;
  const progress = setInterval(() => {
    const s = Math.round((Date.now() - started) / 1000);
    console.log(
      `  ${String(s).padStart(4)} s  ${stats.sent} requests, ${stats.crossedResponses} cross-user, ` +
        `${stats.hangs.length} hangs, ${stats.fiveHundreds} 5xx, ${stats.unexpectedCount} unexpected, ${running} users running`,
    );
  }, 5000);
  const all = Promise.all(
    users.map(async (u) => {
      // A little jitter, so that registrations arrive as a burst but not in lock-step.
      await sleep(Math.random() * 200);
      try {
        await u.run();
      } finally {
        running--;
      }
    }),
  );
  // Hard cap: the drain, plus one client timeout for the requests still in flight, plus a margin.
  const hardCap = drainAt + CLIENT_TIMEOUT_MS + 2000 - Date.now();
  const finished = await Promise.race([all.then(() => true), sleep(hardCap).then(() => false)]);
  clearInterval(progress);
  if (!finished) {
    stats.hangs.push(
      `${running} virtual users still running at the hard cap (${Math.round(hardCap / 1000)} s)`,
    );
  }
  return { elapsedMs: Date.now() - started, stuck: finished ? 0 : running };
}

function report(database: string, options: Options, stats: Stats, elapsedMs: number): string[] {
  const seconds = elapsedMs / 1000;
  const statuses = [...stats.byStatus].sort(([a], [b]) => a - b);
  const failures: string[] = [];
  console.log('');
  console.log(`Database:        ${database}`);
  console.log(
    `Load:            ${options.users} virtual users, ${options.durationSeconds} s (+ drain), 127.0.0.1, ` +
      `keep-alive fetch, client timeout ${CLIENT_TIMEOUT_MS / 1000} s`,
  );
  console.log(
    `App:             ${Object.entries(SOAK_ENV)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  console.log('');
  console.log(`requests sent:   ${stats.sent} in ${seconds.toFixed(1)} s (answered ${stats.answered})`);
  console.log(`requests/s:      ${(stats.sent / seconds).toFixed(1)}`);
  console.log(`statuses:        ${statuses.map(([s, n]) => `${s}: ${n}`).join(', ') || 'none'}`);
  console.log(
    `latency:         p50 ${stats.percentile(50).toFixed(1)} ms, p99 ${stats.percentile(99).toFixed(1)} ms`,
  );
  console.log(
    `slowest (p99):   ${stats
      .slowestRoutes(3)
      .map((r) => `${r.route} ${r.p99.toFixed(0)} ms (n=${r.count})`)
      .join(', ')}`,
  );
  console.log(
    `flows completed: ${[...stats.flows]
      .sort(([, a], [, b]) => b - a)
      .map(([f, n]) => `${f} ${n}`)
      .join(', ')}`,
  );
  const echoed = stats.requestIdEchoed + stats.requestIdAbsent;
  console.log(
    `X-Request-Id:    echoed on ${stats.requestIdEchoed} of ${echoed} answers` +
      (stats.requestIdAbsent ? ' (absent on the others: not compared)' : ''),
  );
  console.log('');
  const errors = [...stats.unexpected].sort(([a], [b]) => a.localeCompare(b));
  if (errors.length) {
    const byStatus = new Map<string, number>();
    for (const [key, { count }] of errors) {
      const status = key.slice(key.lastIndexOf(' ') + 1);
      byStatus.set(status, (byStatus.get(status) ?? 0) + count);
    }
    console.log(
      `errors by status: ${[...byStatus].map(([s, n]) => `${s}: ${n}`).join(', ')} ` +
        '(status 0: an answer with the expected status but wrong content); per route:',
    );
    for (const [key, { count, sample }] of errors) console.log(`  ${key}  x${count}\n      first: ${sample}`);
    failures.push(`${stats.unexpectedCount} unexpected statuses or answers`);
  } else {
    console.log('errors by status: none (every 4xx was one the flow expected)');
  }
  const crossed = stats.crossedResponses;
  console.log(
    `cross-user responses: ${crossed}` +
      (stats.crosses.length > crossed ? ` (${stats.crosses.length} findings)` : ''),
  );
  // The findings on one answer, together (an answer may name another user in several ways).
  const byAnswer = new Map<string, { first: Cross; details: string[] }>();
  stats.crosses.forEach((c, i) => {
    const key = c.requestId ?? `finding-${i}`;
    const seen = byAnswer.get(key);
    if (seen) seen.details.push(c.detail);
    else byAnswer.set(key, { first: c, details: [c.detail] });
  });
  for (const { first: c, details } of [...byAnswer.values()].slice(0, SHOWN_CROSSES)) {
    console.log(`  ${c.vu} (account ${c.account}) ${c.route}: ${details.join('; ')}`);
  }
  if (crossed) failures.push(`${crossed} cross-user responses`);
  console.log(`hangs:           ${stats.hangs.length}`);
  for (const h of stats.hangs.slice(0, SHOWN_CROSSES)) console.log(`  ${h}`);
  if (stats.hangs.length) failures.push(`${stats.hangs.length} hangs`);
  if (stats.transportErrors.length) {
    console.log(`socket errors:   ${stats.transportErrors.length}`);
    for (const e of stats.transportErrors.slice(0, SHOWN_CROSSES)) console.log(`  ${e}`);
    failures.push(`${stats.transportErrors.length} socket errors`);
  }
  if (stats.fiveHundreds) failures.push(`${stats.fiveHundreds} 5xx answers`);
  if (stats.sent === 0) failures.push('no request was sent');
  return failures;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!selfTest()) return 1;
  if (options.selfTestOnly) return 0;

  const varDir = mkdtempSync(join(tmpdir(), 'auth-soak-'));
  const logDir = mkdtempSync(join(tmpdir(), 'auth-soak-log-'));
  const app = new AppProcess({
    port: await freePort(),
    varDir,
    // Mails go to the app's log (the file below), never to a real server.
    env: { ...SOAK_ENV, MAIL_URL: undefined },
    logFile: join(logDir, 'app.log'),
  });
  let keepLog = true;
  const cleanup = () => {
    app.kill();
    rmSync(varDir, { recursive: true, force: true });
    if (!keepLog) rmSync(logDir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

  const database = describeDatabase(varDir);
  console.log(
    `Starting ${MAIN} on ${app.baseUrl} (${database}); its output goes to ${app.logPath} (kept on failure)`,
  );
  const stats = new Stats();
  let failures: string[];
  try {
    await app.waitUntilReady();
    await liveCanary(app.baseUrl);
    console.log(`Soaking: ${options.users} virtual users for ${options.durationSeconds} s ...`);
    const { elapsedMs } = await soak(app.baseUrl, options, stats);
    if (app.exited) stats.hangs.push('the app exited during the soak');
    failures = report(database, options, stats, elapsedMs);
  } catch (err) {
    failures = [`soak aborted: ${err instanceof Error ? err.message : String(err)}`];
  }
  await app.stop();
  const problems = logProblems(app.log);
  if (problems.length) {
    console.log(`\nApp log: ${problems.length} ERROR/WARN lines, the first ones:`);
    for (const line of problems.slice(0, 5)) console.log(`  ${line.slice(0, 300)}`);
  }
  if (failures.length) {
    console.error(`\nSoak FAILED: ${failures.join('; ')}`);
    console.error(`App log (kept): ${app.logPath}`);
    console.error(`--- last lines of the app log ---\n${app.tail(30)}`);
    return 1;
  }
  // The log of a clean run is thrown away, unless the app logged errors or warnings.
  keepLog = problems.length > 0;
  if (keepLog) console.log(`App log (kept): ${app.logPath}`);
  console.log('\nSoak passed: no cross-user response, no hang, no 5xx, no unexpected status');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`\nSoak failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
