import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type SpaServer, startSpaServer } from '../../examples/spa/server.mjs';
import { FakeOAuth2Provider } from '../utils/fake-providers';
import {
  act,
  chromiumPath,
  freePort,
  launchChromium,
  load,
  rows,
  type RunningApi,
  screenshots,
  startApi,
} from './harness';

const PASSWORD = 'Quiet-Harbor-Lantern-42';
const uniqueEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.com`;
/** The code an authenticator app shows at `atMs` (computed here, independently of the server). */
const totp = (secret: string, atMs: number) =>
  generate({ secret, epoch: Math.floor(atMs / 1000), period: 30, digits: 6, algorithm: 'sha1' });

/**
 * The example SPA (examples/spa) on its own origin, against the built API on another port, in Debian's
 * Chromium: what only a real browser proves (cookies across ports, SameSite, CORS with credentials,
 * the typed client's XSRF round trip, the stateful-domain check).
 */
describe('example SPA in Chromium: cookie session, CSRF, CORS and stateful domains', () => {
  const google = new FakeOAuth2Provider();
  let googleStarted = false;
  let browser: Browser | undefined;
  let api: RunningApi | undefined;
  let spa: SpaServer;
  let foreign: SpaServer | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const shot = screenshots();

  beforeAll(async () => {
    const executablePath = chromiumPath();
    // Chromium starts while the API creates its embedded database (the slow part).
    const launching = launchChromium(executablePath).then((b) => (browser = b));
    const googleBase = await google.start();
    googleStarted = true;
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    spa = await startSpaServer({ port: 0, host: '127.0.0.1', apiUrl });
    // The same page on a port that STATEFUL_DOMAINS does not list.
    foreign = await startSpaServer({ port: 0, host: '127.0.0.1', apiUrl });
    const starting = startApi(apiPort, {
      FRONTEND_URL: spa.url,
      STATEFUL_DOMAINS: `127.0.0.1:${spa.port},localhost:${spa.port}`,
      // Only the per-email login throttle is under test; the suite's many logins share one IP.
      IP_RATE_LIMIT: '1000',
      ...google.env('GOOGLE', googleBase),
    }).then((a) => (api = a));
    const [launched, started] = await Promise.allSettled([launching, starting]);
    if (launched.status === 'rejected') throw launched.reason;
    if (started.status === 'rejected') throw started.reason;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await api?.stop();
    await spa?.close();
    await foreign?.close();
    if (googleStarted) await google.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser!.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
    return page;
  }

  async function register(
    page: Page,
    fields: { first: string; last: string; email: string; password?: string; confirmation?: string },
  ) {
    const form = page.getByTestId('register-form');
    await form.locator('[name="first_name"]').fill(fields.first);
    await form.locator('[name="last_name"]').fill(fields.last);
    await form.locator('[name="email"]').fill(fields.email);
    await form.locator('[name="birth_date"]').fill('1990-05-17');
    await form.locator('[name="password"]').fill(fields.password ?? PASSWORD);
    await form.locator('[name="password_confirmation"]').fill(fields.confirmation ?? PASSWORD);
    return act(page, () => form.getByTestId('register-submit').click());
  }

  async function login(page: Page, email: string, password = PASSWORD) {
    const form = page.getByTestId('login-form');
    await form.locator('[name="email"]').fill(email);
    await form.locator('[name="password"]').fill(password);
    return act(page, () => form.getByTestId('login-submit').click());
  }

  const fieldError = async (page: Page, form: string, field: string) =>
    ((await page.getByTestId(form).locator(`[data-error-for="${field}"]`).textContent()) ?? '').trim();
  const text = async (page: Page, testId: string) =>
    ((await page.getByTestId(testId).textContent()) ?? '').trim();

  async function registeredPage(name: string) {
    const page = await newPage();
    await load(page, spa.url);
    const email = uniqueEmail(name);
    const done = await register(page, { first: 'Test', last: 'User', email });
    expect(done.text).toBe(`Account created. You are logged in as ${email}.`);
    return { page, email };
  }

  it('registers, reads the profile, ends other sessions from the panel and logs out', async () => {
    const a = await newPage();
    expect(await load(a, spa.url)).toEqual({
      text: 'You are not logged in. Log in or create an account.',
      kind: 'info',
      http: '401',
    });
    expect(await text(a, 'api-url')).toBe(api!.url);
    await shot(a, 'start-logged-out');

    // 422: each message under its field
    const email = uniqueEmail('casey');
    const invalid = await register(a, {
      first: 'Casey',
      last: 'Browser',
      email,
      password: 'short',
      confirmation: 'different',
    });
    expect(invalid).toMatchObject({ kind: 'error', http: '422' });
    expect(invalid.text).toMatch(/^Error 422: /);
    expect(await fieldError(a, 'register-form', 'password')).toContain(
      'The password field must be at least 8 characters.',
    );
    expect(await fieldError(a, 'register-form', 'password_confirmation')).toBe(
      'The password field confirmation does not match.',
    );
    await shot(a, 'register-422-field-errors');

    const registerRequest = a.waitForRequest((r) => r.url() === `${api!.url}/register`);
    const registered = await register(a, { first: 'Casey', last: 'Browser', email });
    expect(registered).toEqual({
      text: `Account created. You are logged in as ${email}.`,
      kind: 'success',
      http: '',
    });
    const sent = (await registerRequest).headers();
    expect(sent['x-xsrf-token']).toMatch(/.{20,}/);
    expect(sent['x-requested-with']).toBe('XMLHttpRequest');
    expect(await text(a, 'profile-email')).toBe(email);
    expect(await text(a, 'profile-name')).toBe('Casey Browser');
    expect(await text(a, 'profile-roles')).toBe('listener');
    expect(await text(a, 'profile-two-factor')).toBe('off');
    expect(await rows(a).count()).toBe(1);
    expect(await rows(a).first().getAttribute('data-current')).toBe('true');
    expect(await rows(a).first().locator('td').allTextContents()).toEqual([
      'Chrome',
      'Linux',
      '127.0.0.1',
      'just now',
      'This device',
    ]);
    await shot(a, 'registered-profile-and-sessions');

    expect(await act(a, () => a.getByTestId('logout').click())).toMatchObject({
      text: 'You are logged out.',
    });
    expect(await a.getByTestId('auth-section').isVisible()).toBe(true);
    expect(await login(a, email)).toEqual({ text: `Logged in as ${email}.`, kind: 'success', http: '' });
    await shot(a, 'logged-in');

    // A second browser (its own cookie jar) logs in as the same user.
    const b = await newPage();
    await load(b, spa.url);
    expect((await login(b, email)).text).toBe(`Logged in as ${email}.`);

    expect((await act(a, () => a.getByTestId('refresh-sessions').click())).text).toBe(
      'Session list refreshed.',
    );
    expect(await rows(a).count()).toBe(2);
    expect(await a.locator('[data-testid="session-row"][data-current="true"]').count()).toBe(1);
    await shot(a, 'sessions-panel-two-sessions');

    const ended = await act(a, () =>
      a.locator('[data-testid="session-row"][data-current="false"]').getByTestId('end-session').click(),
    );
    expect(ended).toEqual({ text: 'That browser session has been logged out.', kind: 'success', http: '' });
    expect(await rows(a).count()).toBe(1);
    expect(await rows(a).first().getAttribute('data-current')).toBe('true');
    await shot(a, 'second-session-ended');

    // The ended browser's next API call is refused, and its page says so.
    const refusedResponse = b.waitForResponse((r) => r.url() === `${api!.url}/api/user`);
    expect(await act(b, () => b.getByTestId('reload-profile').click())).toEqual({
      text: 'Error 401: Unauthenticated. You are not logged in, or your session has ended. Please log in again.',
      kind: 'error',
      http: '401',
    });
    expect((await refusedResponse).status()).toBe(401);
    expect(await b.getByTestId('auth-section').isVisible()).toBe(true);
    expect(await b.getByTestId('account-section').isHidden()).toBe(true);
    await shot(b, 'ended-session-shows-401');

    // "Log out other browser sessions" needs the password.
    const c = await newPage();
    await load(c, spa.url);
    expect((await login(b, email)).text).toBe(`Logged in as ${email}.`);
    expect((await login(c, email)).text).toBe(`Logged in as ${email}.`);
    expect((await act(a, () => a.getByTestId('refresh-sessions').click())).text).toBe(
      'Session list refreshed.',
    );
    expect(await rows(a).count()).toBe(3);

    const others = a.getByTestId('logout-others-form');
    await others.locator('[name="password"]').fill('not-my-password');
    expect(await act(a, () => others.getByTestId('logout-others-submit').click())).toEqual({
      text: 'Error 422: The provided password is incorrect.',
      kind: 'error',
      http: '422',
    });
    expect(await fieldError(a, 'logout-others-form', 'password')).toBe('The provided password is incorrect.');
    expect(await rows(a).count()).toBe(3);
    await shot(a, 'logout-others-wrong-password');

    await others.locator('[name="password"]').fill(PASSWORD);
    expect(await act(a, () => others.getByTestId('logout-others-submit').click())).toEqual({
      text: 'All your other browser sessions have been logged out.',
      kind: 'success',
      http: '',
    });
    expect(await rows(a).count()).toBe(1);
    await shot(a, 'other-sessions-logged-out');
    for (const other of [b, c]) {
      expect((await act(other, () => other.getByTestId('reload-profile').click())).http).toBe('401');
    }

    expect(await act(a, () => a.getByTestId('logout').click())).toEqual({
      text: 'You are logged out.',
      kind: 'success',
      http: '',
    });
    // The session is really gone, not just hidden by the page.
    expect((await load(a, spa.url)).text).toBe('You are not logged in. Log in or create an account.');
    await shot(a, 'logged-out');
  });

  it('turns on two-factor authentication with the QR code and logs in with a computed code', async () => {
    const { page, email } = await registeredPage('tfa');

    // Management needs a recent password confirmation: 423 first.
    expect(await act(page, () => page.getByTestId('enable-2fa').click())).toEqual({
      text: 'Error 423: Password confirmation required. Confirm your password below to continue.',
      kind: 'error',
      http: '423',
    });
    expect(await page.getByTestId('confirm-password-form').isVisible()).toBe(true);
    await shot(page, '2fa-password-confirmation-required');

    const confirm = page.getByTestId('confirm-password-form');
    await confirm.locator('[name="password"]').fill(PASSWORD);
    expect((await act(page, () => confirm.getByTestId('confirm-password-submit').click())).text).toBe(
      'Scan the QR code (or type the setup key) in your authenticator app, then enter a code to finish.',
    );
    const secret = await text(page, 'secret-key');
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
    const qr = page.getByTestId('qr-code');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/i);
    const qrWidth = await qr.evaluate((img) => {
      const image = img as unknown as { decode(): Promise<void>; naturalWidth: number };
      return image.decode().then(() => image.naturalWidth);
    });
    expect(qrWidth).toBeGreaterThan(0);
    await shot(page, '2fa-qr-code-and-secret');

    // A wrong code (none of the codes valid around now) is refused under the field.
    const now = Date.now();
    const valid = await Promise.all([-30, 0, 30, 60].map((s) => totp(secret, now + s * 1000)));
    const wrong = ['000000', '111111', '222222', '333333', '444444'].find((c) => !valid.includes(c))!;
    const enrol = page.getByTestId('confirm-2fa-form');
    await enrol.locator('[name="code"]').fill(wrong);
    expect(await act(page, () => enrol.getByTestId('confirm-2fa-submit').click())).toMatchObject({
      kind: 'error',
      http: '422',
    });
    expect(await fieldError(page, 'confirm-2fa-form', 'code')).toBe(
      'The provided two factor authentication code was invalid.',
    );

    await enrol.locator('[name="code"]').fill(await totp(secret, Date.now()));
    expect(await act(page, () => enrol.getByTestId('confirm-2fa-submit').click())).toEqual({
      text: 'Two-factor authentication is on. You will be asked for a code at your next login.',
      kind: 'success',
      http: '',
    });
    expect(await page.getByTestId('recovery-codes-list').locator('li').count()).toBe(8);
    expect(await text(page, 'profile-two-factor')).toBe('on');
    await shot(page, '2fa-enabled-recovery-codes');

    expect((await act(page, () => page.getByTestId('logout').click())).text).toBe('You are logged out.');
    expect(await login(page, email)).toEqual({
      text: 'Two-factor authentication required. Enter the code from your authenticator app.',
      kind: 'info',
      http: '',
    });
    expect(await page.getByTestId('two-factor-section').isVisible()).toBe(true);
    await shot(page, '2fa-challenge');

    // The confirmation used the current time step; a code is accepted once, so use the next step's.
    const challenge = page.getByTestId('two-factor-form');
    await challenge.locator('[name="code"]').fill(await totp(secret, Date.now() + 30_000));
    expect(await act(page, () => challenge.getByTestId('two-factor-submit').click())).toEqual({
      text: `Logged in as ${email} with two-factor authentication.`,
      kind: 'success',
      http: '',
    });
    expect(await text(page, 'profile-two-factor')).toBe('on');
    await shot(page, '2fa-logged-in');
  });

  it('shows the 419 message when the XSRF-TOKEN cookie was tampered with, then recovers', async () => {
    const { page } = await registeredPage('csrf');
    const context = page.context();
    await context.addCookies([{ name: 'XSRF-TOKEN', value: 'tampered-token', url: api!.url }]);
    const jar = (await context.cookies(api!.url)).filter((c) => c.name === 'XSRF-TOKEN');
    expect(jar.map((c) => c.value)).toEqual(['tampered-token']);

    const logoutRequest = page.waitForRequest((r) => r.url() === `${api!.url}/logout`);
    expect(await act(page, () => page.getByTestId('logout').click())).toEqual({
      text: 'Error 419: CSRF token mismatch. Your security token did not match the session; a fresh one was fetched, please try again.',
      kind: 'error',
      http: '419',
    });
    // The client copied the (tampered) cookie into the header of a cross-origin request.
    expect((await logoutRequest).headers()['x-xsrf-token']).toBe('tampered-token');
    expect(await page.getByTestId('account-section').isVisible()).toBe(true);
    await shot(page, 'csrf-419-tampered-token');

    const fresh = (await context.cookies(api!.url)).filter((c) => c.name === 'XSRF-TOKEN');
    expect(fresh).toHaveLength(1);
    expect(fresh[0].value).not.toBe('tampered-token');
    expect((await act(page, () => page.getByTestId('reload-profile').click())).text).toBe('Profile loaded.');
    expect((await act(page, () => page.getByTestId('logout').click())).text).toBe('You are logged out.');
    await shot(page, 'csrf-recovered-logged-out');
  });

  it('refuses the session to the same page served from an origin outside STATEFUL_DOMAINS', async () => {
    const { page, email } = await registeredPage('foreign');
    const cookies = await page.context().cookies(api!.url);
    expect(cookies.map((c) => c.name).sort()).toEqual(['XSRF-TOKEN', 'app_session']);

    // Same browser, same cookies (same host, other port), but a non-stateful origin.
    const foreignHost = new URL(foreign!.url).host;
    const failed = page.waitForEvent('requestfailed', (r) => r.url() === `${api!.url}/api/user`);
    expect(await load(page, foreign!.url)).toEqual({
      text:
        `Network error: could not reach the API at ${api!.url}, or the browser blocked its answer because ` +
        `this page's origin (${foreignHost}) got no CORS grant. The API must list ${foreignHost} in STATEFUL_DOMAINS.`,
      kind: 'error',
      http: '',
    });
    expect((await failed).failure()?.errorText).toBe('net::ERR_FAILED');
    expect(await page.getByTestId('account-section').isHidden()).toBe(true);
    await shot(page, 'foreign-origin-refused');

    // What the browser was refused, asked directly with the browser's own cookies: no CORS grant for
    // that origin, and the session cookie is not accepted from it (401) while it is from the page's.
    const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const preflight = await fetch(`${api!.url}/api/user`, {
      method: 'OPTIONS',
      headers: {
        Origin: foreign!.url,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'x-requested-with,x-xsrf-token',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const asForeign = await fetch(`${api!.url}/api/user`, {
      headers: {
        Cookie: cookieHeader,
        Origin: foreign!.url,
        Referer: `${foreign!.url}/`,
        Accept: 'application/json',
      },
    });
    expect(asForeign.status).toBe(401);
    expect(asForeign.headers.get('access-control-allow-origin')).toBeNull();
    const asFirstParty = await fetch(`${api!.url}/api/user`, {
      headers: { Cookie: cookieHeader, Origin: spa.url, Referer: `${spa.url}/`, Accept: 'application/json' },
    });
    expect(asFirstParty.status).toBe(200);
    expect(asFirstParty.headers.get('access-control-allow-origin')).toBe(spa.url);

    // Back on the stateful origin, the same session works.
    expect(await load(page, spa.url)).toEqual({ text: `Welcome back, ${email}.`, kind: 'success', http: '' });
    await shot(page, 'stateful-origin-works-again');
  });

  it('offers only the configured social providers and completes a Google login through the API', async () => {
    const page = await newPage();
    await load(page, spa.url);
    const buttons = page.getByTestId('social-buttons').locator('a');
    expect(await buttons.allTextContents()).toEqual(['Continue with Google']);
    expect(await buttons.first().getAttribute('href')).toBe(`${api!.url}/auth/google/redirect`);
    expect(await page.getByTestId('social-empty').isHidden()).toBe(true);
    await shot(page, 'social-buttons');

    const email = uniqueEmail('gina');
    google.profile = {
      sub: `g-${randomUUID()}`,
      email,
      email_verified: true,
      given_name: 'Gina',
      family_name: 'Google',
    };
    // API redirect → provider → API callback → FRONTEND_URL/auth/callback?status=success&provider=google
    expect(await act(page, () => page.getByTestId('social-google').click())).toEqual({
      text: `Signed in with Google as ${email}.`,
      kind: 'success',
      http: '',
    });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await text(page, 'profile-email')).toBe(email);
    expect(await text(page, 'profile-name')).toBe('Gina Google');
    expect(await text(page, 'profile-social')).toBe('google');
    await shot(page, 'social-login-google');
  });

  it('shows field errors on failed logins, then the 429 with its wait', async () => {
    const page = await newPage();
    await load(page, spa.url);
    const email = uniqueEmail('throttled');
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await login(page, email, 'wrong-password')).toEqual({
        text: 'Error 422: These credentials do not match our records.',
        kind: 'error',
        http: '422',
      });
      expect(await fieldError(page, 'login-form', 'email')).toBe(
        'These credentials do not match our records.',
      );
    }
    await shot(page, 'login-422');

    const response = page.waitForResponse((r) => r.url() === `${api!.url}/login`);
    const throttled = await login(page, email, 'wrong-password');
    const res = await response;
    expect(res.status()).toBe(429);
    const retryAfter = Number(res.headers()['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    // The page can read Retry-After only if the API exposes it to the origin (CORS).
    const exposed = (res.headers()['access-control-expose-headers'] ?? '')
      .toLowerCase()
      .includes('retry-after');
    expect(throttled).toEqual({
      text: exposed
        ? `Error 429: Too Many Attempts. Try again in ${retryAfter} seconds.`
        : 'Error 429: Too Many Attempts. Wait a minute before trying again.',
      kind: 'error',
      http: '429',
    });
    await shot(page, 'login-429');
  });

  it('raised no uncaught error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
