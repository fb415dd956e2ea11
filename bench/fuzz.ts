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
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomSeed } from './fuzz/prng';
import { formatReport, runFuzz, socialProviderEnv } from './fuzz/runner';

const MAIN = resolve(__dirname, '../src/main.js');
const USER_ROLE_CLI = resolve(__dirname, '../src/cli/user-role.js');
const START_TIMEOUT_MS = 90_000;

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

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The built app as a child process; its output kept in memory for the report. */
class AppProcess {
  private child?: ChildProcess;
  private output = '';

  constructor(
    readonly port: number,
    private readonly varDir: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PORT: String(this.port),
      VAR_DIR: this.varDir,
      BCRYPT_ROUNDS: '4',
      APP_ENV: 'development',
      // Thousands of requests to the credential endpoints from one address.
      IP_RATE_LIMIT: '1000000',
      NO_COLOR: '1',
      ...this.extraEnv,
    };
  }

  get log(): string {
    return this.output;
  }

  get exited(): boolean {
    return !this.child || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async start(): Promise<void> {
    // Started from an empty directory so that a developer's .env cannot change the run.
    const child = spawn(process.execPath, [MAIN], {
      cwd: this.varDir,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-500_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`the app exited during start-up:\n${this.log.slice(-5000)}`);
      try {
        const res = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`the app did not answer GET /api/health within ${START_TIMEOUT_MS / 1000}s`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited) this.child?.kill('SIGKILL');
  }

  /** `npm run user:role -- <email> <role>` against the app's database. */
  async grantRole(email: string, role: string): Promise<void> {
    // The embedded database is single-process: the app stops while the command runs.
    const embedded = !process.env.DATABASE_URL;
    if (embedded) await this.stop();
    const code = await new Promise<number | null>((done) => {
      const cli = spawn(process.execPath, [USER_ROLE_CLI, email, role], {
        cwd: this.varDir,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      cli.stdout?.on('data', (c: Buffer) => (out += c.toString()));
      cli.stderr?.on('data', (c: Buffer) => (out += c.toString()));
      cli.once('exit', (c) => {
        if (c !== 0) this.output += `\n[user:role] ${out}`;
        done(c);
      });
    });
    if (embedded) await this.start();
    if (code !== 0) throw new Error(`user:role ${email} ${role} exited with ${code}`);
  }
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
  // Social providers on, at a loopback port where nothing listens (see socialProviderEnv).
  const app = new AppProcess(await freePort(), varDir, socialProviderEnv(await freePort()));
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
    await app.start();
    const result = await runFuzz({
      baseUrl: app.baseUrl,
      seed: args.seed,
      requests: args.requests,
      concurrency: args.concurrency,
      timeoutMs: args.timeoutMs,
      grantRole: (email, role) => app.grantRole(email, role),
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
