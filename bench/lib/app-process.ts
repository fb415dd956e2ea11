// The built app (dist/src/main.js) as a child process, for the scripts that load it: auth.bench.ts,
// fuzz.ts and soak.ts. Each script passes its own settings (BCRYPT_ROUNDS, IP_RATE_LIMIT, ...) as `env`.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The built app: this file runs as dist/bench/lib/app-process.js. */
export const MAIN = resolve(__dirname, '../../src/main.js');

const START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;
/** The default in-memory tail of the app's output, and the most of it that an error message quotes. */
const KEEP_CHARS = 20_000;

/** A TCP port on 127.0.0.1 that nothing listens on (at the time of asking). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The database the app uses: DATABASE_URL when set, else the embedded one under varDir. */
export function describeDatabase(varDir: string): string {
  const url = process.env.DATABASE_URL;
  if (!url) return `embedded PostgreSQL (PGlite) under ${join(varDir, 'pgdata')}`;
  const u = new URL(url);
  return `PostgreSQL at ${u.host}${u.pathname} (DATABASE_URL)`;
}

export interface AppProcessOptions {
  port: number;
  /** The app's VAR_DIR and working directory: empty, so that a developer's .env cannot change the run. */
  varDir: string;
  /** Merged over process.env, PORT, VAR_DIR and NO_COLOR=1; an undefined value removes the variable. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The app's stdout and stderr are appended to this file instead of kept in memory. */
  logFile?: string;
  /** Without logFile: how many characters of the app's latest output are kept (default 20,000). */
  keepChars?: number;
}

/** The built app as a child process, started by the constructor. */
export class AppProcess {
  readonly port: number;
  readonly varDir: string;
  readonly baseUrl: string;
  /** The app's whole environment (also right for the app's CLIs). */
  readonly env: NodeJS.ProcessEnv;
  /** The file that gets the app's output, if any. */
  readonly logPath: string | undefined;
  private readonly keepChars: number;
  private output = '';
  private child?: ChildProcess;

  constructor(options: AppProcessOptions) {
    this.port = options.port;
    this.varDir = options.varDir;
    this.baseUrl = `http://127.0.0.1:${options.port}`;
    this.logPath = options.logFile;
    this.keepChars = options.keepChars ?? KEEP_CHARS;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(options.port),
      VAR_DIR: options.varDir,
      NO_COLOR: '1',
      ...options.env,
    };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
    this.env = env;
    this.start();
  }

  /** Spawns the app: the constructor does, and a caller may again after stop(). */
  start(): void {
    if (!this.exited) throw new Error('the app is already running');
    // Output to the log file (its descriptor is the child's from here on), else through pipes to memory.
    const file = this.logPath ? openSync(this.logPath, 'a') : undefined;
    const out = file ?? 'pipe';
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [MAIN], {
        cwd: this.varDir,
        env: this.env,
        stdio: ['ignore', out, out],
      });
    } finally {
      if (file !== undefined) closeSync(file);
    }
    this.child = child;
    const keep = (chunk: Buffer) => this.appendLog(chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** The latest output in memory, or the whole log file ('' while it cannot be read). */
  get log(): string {
    if (!this.logPath) return this.output;
    try {
      return readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }

  /** The last lines of the log. */
  tail(lines = 40): string {
    return this.log.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Adds text of the caller's own to the log (the output of a CLI run against the app, say). */
  appendLog(text: string): void {
    if (this.logPath) appendFileSync(this.logPath, text);
    else this.output = (this.output + text).slice(-this.keepChars);
  }

  get exited(): boolean {
    return !this.child || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Polls GET /api/health until it answers 200; fails as soon as the app exits. */
  async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`the app exited during start-up${this.whereLogged()}`);
      try {
        const res = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(
      `the app did not answer GET /api/health within ${START_TIMEOUT_MS / 1000}s${this.whereLogged()}`,
    );
  }

  /** SIGTERM, then SIGKILL if the app has not exited 10 s later. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await gone;
    clearTimeout(timer);
  }

  /** Last resort on process exit (synchronous). */
  kill(): void {
    if (!this.exited) this.child?.kill('SIGKILL');
  }

  /** For an error message: the log file's path, or the output kept in memory. */
  private whereLogged(): string {
    return this.logPath ? ` (log: ${this.logPath})` : `:\n${this.output.slice(-KEEP_CHARS)}`;
  }
}
