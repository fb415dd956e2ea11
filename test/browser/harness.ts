import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

/** npm runs the scripts from the package root, which is jest's rootDir too. */
export const ROOT = resolve(process.cwd());
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'browser');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

/** Headless flags for Debian's Chromium on a machine without outside network (see node-svc.md). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's Chromium, checked up front so that a machine without it fails at once with the fix
 * rather than skipping: the tests never download a browser.
 */
export function chromiumPath(): string {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. The browser tests drive Debian's Chromium and never download ` +
        'a browser: install it with `apt-get install chromium` (as root), or set CHROMIUM_PATH.',
    );
  }
  return executablePath;
}

/** Headless Chromium through playwright-core, from the given executable only. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

export interface RunningApi {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * `node dist/src/main.js` on the embedded database in its own temp VAR_DIR, from that directory (so a
 * developer's .env cannot leak in) and with a clean environment plus `env`.
 */
export async function startApi(port: number, env: Record<string, string>): Promise<RunningApi> {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: run \`npm run build\` before the browser tests.`);
  const varDir = mkdtempSync(join(tmpdir(), 'browser-api-'));
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd: varDir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? varDir,
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      APP_ENV: 'development',
      BCRYPT_ROUNDS: '4',
      VAR_DIR: varDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const cleanUp = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(varDir, { recursive: true, force: true });
  };
  const listening = new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`API did not start within 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Listening on')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`API exited (${code}) before listening:\n${output}`));
    });
  });
  await listening.catch(async (err: unknown) => {
    await cleanUp();
    throw err;
  });
  return { url: `http://127.0.0.1:${port}`, log: () => output, stop: cleanUp };
}

/** Screenshots of every step, numbered in order, under test-artifacts/browser/ (gitignored). */
export function screenshots(): (page: Page, name: string) => Promise<void> {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  let n = 0;
  return async (page, name) => {
    n += 1;
    await page.screenshot({
      path: join(ARTIFACTS, `${String(n).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
}

export interface Status {
  text: string;
  kind: string;
  http: string;
}

/**
 * The page reports every outcome in #status: a step in progress is marked data-busy="true", each
 * update bumps data-seq, and each page load has its own data-doc. This runs `action` (a click, a
 * submit or a navigation) and waits, with Playwright's auto-waiting and no sleeps, for the first
 * finished status that was not already there before it.
 */
export async function act(page: Page, action: () => Promise<unknown>): Promise<Status> {
  const status = page.getByTestId('status');
  const present = (await status.count()) > 0;
  const doc = present ? await status.getAttribute('data-doc') : null;
  const seq = present ? await status.getAttribute('data-seq') : null;
  await action();
  const finished = '[data-testid="status"][data-busy="false"][data-doc]';
  const done = page.locator(doc ? `${finished}:not([data-doc="${doc}"][data-seq="${seq}"])` : finished);
  await done.waitFor({ state: 'visible', timeout: 20_000 });
  return {
    text: ((await done.textContent()) ?? '').trim(),
    kind: (await done.getAttribute('data-kind')) ?? '',
    http: (await done.getAttribute('data-http-status')) ?? '',
  };
}

/** Opens `url` and waits for the page to finish its start-up calls. */
export const load = (page: Page, url: string): Promise<Status> => act(page, () => page.goto(url));

export const rows = (page: Page): Locator => page.getByTestId('session-row');
