// The benchmark's peer, better-auth (bench/peers/better-auth, installed there on its own): started on
// the same database when installed, signed up, and its GET /me loaded like our GET /api/user.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CookieJar, expectStatus, measure, PASSWORD, type LoadSettings, type Measured } from './auth-client';
import { freePort, sleep } from './app-process';

/** This file runs as dist/bench/lib/peer.js. */
const PEER_DIR = resolve(__dirname, '../../../bench/peers/better-auth');

export function peerInstalled(): boolean {
  return existsSync(resolve(PEER_DIR, 'node_modules/better-auth'));
}

export async function measurePeer(
  env: Record<string, string | undefined>,
  load: LoadSettings,
): Promise<Measured> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['server.mjs'], {
    cwd: PEER_DIR,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitForHealth(baseUrl, child, () => output);
    const jar = new CookieJar();
    const signUp = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: baseUrl },
      body: JSON.stringify({
        email: `peer-${Date.now()}@example.com`,
        password: PASSWORD,
        name: 'Bench Peer',
      }),
    });
    await expectStatus(signUp, 200, 'better-auth: POST /api/auth/sign-up/email');
    jar.absorb(signUp);
    const scenario = {
      name: 'peer',
      description: 'better-auth GET /me (session+user)',
      path: '/me',
      headers: { Cookie: jar.header },
    };
    await expectStatus(
      await fetch(`${baseUrl}/me`, { headers: scenario.headers }),
      200,
      'better-auth: GET /me',
    );
    return await measure(baseUrl, scenario, load);
  } finally {
    child.kill('SIGTERM');
  }
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the better-auth peer exited:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the better-auth peer did not start within 60 s:\n${output()}`);
}
