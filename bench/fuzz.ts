// `npm run fuzz`: a schema-driven fuzz run against the built app. Starts dist/src/main.js as a child
// process (the embedded database in a temporary VAR_DIR, or DATABASE_URL when set), makes its clients
// (anonymous, bearer, first-party session), then sends generated requests for every operation of the
// served OpenAPI document and judges each answer: no 5xx, no hang, error bodies in the JSON shape of
// docs/http-contract.md §1, no hash, session id, TOTP secret or stack trace in any response.
//
//   npm run fuzz -- [--requests 10000] [--seed N] [--concurrency 1] [--timeout 15000]
//
// One request at a time by default, so that a seed replays the same run against the same server
// state; --concurrency N also hunts races between requests (their failures may not replay).
//
// Prints counts by status and by operation and every failure with a curl reproduction; exits 1 on
// any failure. The seed (random by default) is printed: the same seed sends the same requests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomSeed } from './fuzz/prng';
import { formatReport, runFuzz, socialProviderEnv } from './fuzz/runner';
import { AppProcess, freePort, MAIN } from './lib/app-process';

const USER_ROLE_CLI = resolve(__dirname, '../src/cli/user-role.js');
/** Settings of the fuzzed app (besides the social providers of socialProviderEnv). */
const FUZZ_ENV = {
  BCRYPT_ROUNDS: '4',
  APP_ENV: 'development',
  // Thousands of requests to the credential endpoints from one address.
  IP_RATE_LIMIT: '1000000',
};

interface Args {
  requests: number;
  seed: number;
  concurrency: number;
  timeoutMs: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { requests: 10_000, seed: randomSeed(), concurrency: 1, timeoutMs: 15_000 };
  const num = (flag: string, raw: string | undefined, min: number): number => {
    const n = Number(raw);
    if (raw === undefined || !Number.isInteger(n) || n < min)
      throw new Error(`${flag} needs an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--requests') args.requests = num(flag, value, 1);
    else if (flag === '--seed') args.seed = num(flag, value, 0) >>> 0;
    else if (flag === '--concurrency') args.concurrency = num(flag, value, 1);
    else if (flag === '--timeout') args.timeoutMs = num(flag, value, 100);
    else throw new Error(`unknown option ${argv[i]} (options: --requests, --seed, --concurrency, --timeout)`);
  }
  return args;
}

/** `npm run user:role -- <email> <role>` against the app's database. */
async function grantRole(app: AppProcess, email: string, role: string): Promise<void> {
  // The embedded database is single-process: the app stops while the command runs.
  const embedded = !process.env.DATABASE_URL;
  if (embedded) await app.stop();
  const code = await new Promise<number | null>((done) => {
    const cli = spawn(process.execPath, [USER_ROLE_CLI, email, role], {
      cwd: app.varDir,
      env: app.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    cli.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    cli.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    cli.once('exit', (c) => {
      if (c !== 0) app.appendLog(`\n[user:role] ${out}`);
      done(c);
    });
  });
  if (embedded) {
    app.start();
    await app.waitUntilReady();
  }
  if (code !== 0) throw new Error(`user:role ${email} ${role} exited with ${code}`);
}

/** The app's "Unhandled error on METHOD PATH" log entries, counted by the error's first line. */
function serverErrors(log: string): string[] {
  const lines = log.split('\n');
  const seen = new Map<string, { count: number; route: string }>();
  lines.forEach((line, i) => {
    const m = /Unhandled error on (\S+ \S+)/.exec(line);
    if (!m) return;
    const error = (lines[i + 1] ?? '').trim();
    const entry = seen.get(error) ?? { count: 0, route: m[1] };
    entry.count++;
    seen.set(error, entry);
  });
  return [...seen].map(
    ([error, { count, route }]) => `${String(count).padStart(5)}× ${error}   (e.g. ${route})`,
  );
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const varDir = mkdtempSync(join(tmpdir(), 'auth-fuzz-'));
  const bodyDir = join(tmpdir(), `auth-fuzz-failures-${args.seed}`);
  // The app's output is kept in memory for the report.
  const app = new AppProcess({
    port: await freePort(),
    varDir,
    // Social providers on, at a loopback port where nothing listens (see socialProviderEnv).
    env: { ...FUZZ_ENV, ...socialProviderEnv(await freePort()) },
    keepChars: 500_000,
  });
  const cleanup = () => {
    app.kill();
    rmSync(varDir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

  const database = process.env.DATABASE_URL
    ? `PostgreSQL at ${new URL(process.env.DATABASE_URL).host} (DATABASE_URL)`
    : `embedded PostgreSQL under ${varDir}`;
  console.log(
    `Seed: ${args.seed}  (repeat with: npm run fuzz -- --seed ${args.seed} --requests ${args.requests})`,
  );
  console.log(`Starting ${MAIN} on ${app.baseUrl} (${database})`);
  try {
    await app.waitUntilReady();
    const result = await runFuzz({
      baseUrl: app.baseUrl,
      seed: args.seed,
      requests: args.requests,
      concurrency: args.concurrency,
      timeoutMs: args.timeoutMs,
      grantRole: (email, role) => grantRole(app, email, role),
      bodyDir,
      log: (line) => console.log(line),
    });
    console.log('');
    console.log(formatReport(result));
    if (result.failures.length) {
      const errors = serverErrors(app.log);
      if (errors.length)
        console.log(
          `\n--- errors the app logged (distinct, with a route that raised each) ---\n${errors.join('\n')}`,
        );
      console.log(`\nFAILED: ${result.failures.length} of ${args.requests} requests (seed ${args.seed})`);
      return 1;
    }
    console.log(`\nOK: ${args.requests} requests, no failure (seed ${args.seed})`);
    return 0;
  } catch (err) {
    const log = app.log.trim();
    if (log) console.error(`--- app output (last lines) ---\n${log.split('\n').slice(-40).join('\n')}`);
    throw err;
  } finally {
    await app.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`\nFuzz run failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
