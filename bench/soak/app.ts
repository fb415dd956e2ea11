// The built app as a child process, as bench/auth.bench.ts starts it, with settings suited to a soak
// and its output written to a file (printed by path on failure) instead of kept in memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const START_TIMEOUT_MS = 90_000;
export const MAIN = resolve(__dirname, '../../src/main.js');

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

export function describeDatabase(varDir: string): string {
  const url = process.env.DATABASE_URL;
  if (!url) return `embedded PostgreSQL (PGlite) under ${join(varDir, 'pgdata')}`;
  const u = new URL(url);
  return `PostgreSQL at ${u.host}${u.pathname} (DATABASE_URL)`;
}

/** Settings of the soak's app: all virtual users share 127.0.0.1, and bcrypt must not be the bottleneck. */
export const SOAK_ENV = {
  BCRYPT_ROUNDS: '4',
  APP_ENV: 'development',
  IP_RATE_LIMIT: '1000000',
  NO_COLOR: '1',
} as const;

export class AppProcess {
  readonly baseUrl: string;
  private readonly child: ChildProcess;

  constructor(
    port: number,
    varDir: string,
    readonly logPath: string,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), VAR_DIR: varDir, ...SOAK_ENV };
    // Mails go to the app's log (the file below), never to a real server.
    delete env.MAIL_URL;
    const out = openSync(logPath, 'a');
    // Started from an empty directory so that a developer's .env cannot change what is soaked.
    this.child = spawn(process.execPath, [MAIN], { cwd: varDir, env, stdio: ['ignore', out, out] });
    closeSync(out);
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines of the log file. */
  tail(lines = 40): string {
    try {
      return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Log lines at Nest's ERROR or WARN level (or an uncaught error's first line). */
  problems(): string[] {
    try {
      return readFileSync(this.logPath, 'utf8')
        .split('\n')
        .filter((l) => /^\[Nest\].*\s(ERROR|WARN)\s/.test(l) || /^(Unhandled|Uncaught|\w*Error:)/.test(l));
    } catch {
      return [];
    }
  }

  async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`the app exited during start-up (log: ${this.logPath})`);
      try {
        const res = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`the app did not answer GET /api/health within ${START_TIMEOUT_MS / 1000}s`);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }

  /** Last resort on process exit (synchronous). */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
