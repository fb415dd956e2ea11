// Timing side channels of the public account endpoints (docs/http-contract.md §6): the answer must not tell a
// known (or verified) email from an unknown one, by content or by time. Each pair interleaves
// requests of both kinds against the running app and prints the mean of each and their ratio
// (1.00 = indistinguishable). Used by auth.bench.ts.
import { sleep } from './lib/app-process';

export interface TimingApp {
  baseUrl: string;
  /** The app's recent output: mails are logged in full when no MAIL_URL is set. */
  log(): string;
  register(): Promise<{ email: string }>;
}

const ACCOUNTS = 15;
const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };
const unknownEmail = () => `nobody-${Math.random().toString(36).slice(2)}@example.com`;

async function post(baseUrl: string, path: string, body: unknown, status: number): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(body),
  });
  const elapsed = performance.now() - started;
  const text = await res.text();
  if (res.status !== status) throw new Error(`POST ${path}: expected ${status}, got ${res.status}: ${text}`);
  return elapsed;
}

async function comparePair(
  title: string,
  labels: [string, string],
  rounds: number,
  sample: () => Promise<[number, number]>,
): Promise<number> {
  console.log(`\nMeasuring ${title} ...`);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const [x, y] = await sample();
    a.push(x);
    b.push(y);
  }
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const ratio = mean(a) / mean(b);
  console.log(`${labels[0].padEnd(24)} ${mean(a).toFixed(2)} ms mean over ${a.length} requests`);
  console.log(`${labels[1].padEnd(24)} ${mean(b).toFixed(2)} ms mean over ${b.length} requests`);
  console.log(`ratio ${labels[0]}/${labels[1]}: ${ratio.toFixed(2)}  (1.00 = indistinguishable)`);
  return ratio;
}

/** POST /api/user/password/reset: registered vs unregistered email (3 each: below the per-email throttle). */
export async function resetRequestTiming(app: TimingApp): Promise<number> {
  const known = await Promise.all(Array.from({ length: ACCOUNTS }, () => app.register()));
  let i = 0;
  return comparePair(
    'POST /api/user/password/reset (known vs unknown email)',
    ['known', 'unknown'],
    ACCOUNTS * 3,
    async () => {
      const email = known[i++ % ACCOUNTS].email;
      return [
        await post(app.baseUrl, '/api/user/password/reset', { email }, 200),
        await post(app.baseUrl, '/api/user/password/reset', { email: unknownEmail() }, 200),
      ];
    },
  );
}

/** POST /api/user/password/reset/confirm with a wrong token: registered vs unregistered email. */
export async function resetConfirmTiming(app: TimingApp): Promise<number> {
  const known = await Promise.all(Array.from({ length: ACCOUNTS }, () => app.register()));
  const body = (email: string) => ({
    email,
    token: 'x'.repeat(64),
    password: 'Another-Pass-2026!',
    password_confirmation: 'Another-Pass-2026!',
  });
  let i = 0;
  return comparePair(
    'POST /api/user/password/reset/confirm, wrong token (known vs unknown email)',
    ['known', 'unknown'],
    ACCOUNTS * 3,
    async () => [
      await post(app.baseUrl, '/api/user/password/reset/confirm', body(known[i++ % ACCOUNTS].email), 422),
      await post(app.baseUrl, '/api/user/password/reset/confirm', body(unknownEmail()), 422),
    ],
  );
}

/** POST /api/user/email/verify: an already verified account vs an unknown email. */
export async function verificationRequestTiming(app: TimingApp): Promise<number> {
  const verified: string[] = [];
  for (let n = 0; n < ACCOUNTS; n++) {
    const { email } = await app.register();
    await post(app.baseUrl, '/api/user/email/verify', { email }, 200);
    const link = await loggedLink(app, email);
    const opened = await fetch(link, { redirect: 'manual' });
    if (opened.status !== 302) throw new Error(`GET ${link}: expected 302, got ${opened.status}`);
    verified.push(email);
  }
  let i = 0;
  // Two more requests per verified account stay below the per-email throttle (3 in 15 minutes).
  return comparePair(
    'POST /api/user/email/verify (verified account vs unknown email)',
    ['verified', 'unknown'],
    ACCOUNTS * 2,
    async () => [
      await post(app.baseUrl, '/api/user/email/verify', { email: verified[i++ % ACCOUNTS] }, 200),
      await post(app.baseUrl, '/api/user/email/verify', { email: unknownEmail() }, 200),
    ],
  );
}

/** The verification link of the mail the app logged for `email` (it leaves after the response). */
async function loggedLink(app: TimingApp, email: string): Promise<string> {
  const pattern = /\/api\/user\/email\/verify\/[A-Za-z0-9]{64}/;
  for (let attempt = 0; attempt < 100; attempt++) {
    const log = app.log();
    const at = log.lastIndexOf(email);
    const path = at >= 0 ? pattern.exec(log.slice(at))?.[0] : undefined;
    // The mail names APP_URL's host; the bench reaches the same app on its loopback address.
    if (path) return `${app.baseUrl}${path}`;
    await sleep(50);
  }
  throw new Error(`no logged verification mail for ${email}`);
}
