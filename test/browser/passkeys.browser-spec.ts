import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { type SpaServer, startSpaServer } from '../../examples/spa/server.mjs';
import {
  act,
  chromiumPath,
  freePort,
  launchChromium,
  load,
  type RunningApi,
  screenshots,
  startApi,
} from './harness';

const PASSWORD = 'Quiet-Harbor-Lantern-42';

/**
 * Passkeys in the example SPA, in Chromium with a CDP virtual authenticator (internal transport,
 * resident keys, user verification): registration from the account page (after the 423 password
 * confirmation), then discoverable and email-first login. WebAuthn needs a secure context and an RP
 * id that is the page's host, so page and API both run on `localhost` here (IP addresses cannot be RP
 * ids), and the RP id is `localhost`.
 */
describe('example SPA in Chromium: passkey registration and login', () => {
  let browser: Browser | undefined;
  let api: RunningApi | undefined;
  let spa: SpaServer | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const shot = screenshots();

  beforeAll(async () => {
    const launching = launchChromium(chromiumPath()).then((b) => (browser = b));
    const apiPort = await freePort();
    const apiUrl = `http://localhost:${apiPort}`;
    spa = await startSpaServer({ port: 0, host: 'localhost', apiUrl });
    const starting = startApi(apiPort, {
      APP_URL: apiUrl,
      FRONTEND_URL: spa.url,
      STATEFUL_DOMAINS: `localhost:${spa.port}`,
      IP_RATE_LIMIT: '1000',
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
  });

  /** A fresh browser profile with a platform authenticator that holds passkeys and verifies the user. */
  async function pageWithAuthenticator(): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
    const context = await browser!.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    return { page, cdp, authenticatorId };
  }

  const text = async (page: Page, testId: string) =>
    ((await page.getByTestId(testId).textContent()) ?? '').trim();

  it('registers a passkey after confirming the password, then logs in with it (discoverable and email-first)', async () => {
    const { page, cdp, authenticatorId } = await pageWithAuthenticator();
    expect((await load(page, spa!.url)).text).toBe('You are not logged in. Log in or create an account.');

    const email = `passkey-${randomUUID().slice(0, 8)}@example.com`;
    const form = page.getByTestId('register-form');
    await form.locator('[name="first_name"]').fill('Pass');
    await form.locator('[name="last_name"]').fill('Key');
    await form.locator('[name="email"]').fill(email);
    await form.locator('[name="birth_date"]').fill('1990-05-17');
    await form.locator('[name="password"]').fill(PASSWORD);
    await form.locator('[name="password_confirmation"]').fill(PASSWORD);
    expect((await act(page, () => form.getByTestId('register-submit').click())).text).toBe(
      `Account created. You are logged in as ${email}.`,
    );

    // Adding a passkey needs a recent password confirmation: 423, then the form, then it goes on.
    await page.getByTestId('add-passkey-form').locator('[name="name"]').fill('Chromium virtual key');
    const locked = await act(page, () => page.getByTestId('add-passkey-submit').click());
    expect([locked.http, locked.kind]).toEqual(['423', 'error']);
    await page.getByTestId('confirm-password-form').locator('[name="password"]').fill(PASSWORD);
    const added = await act(page, () => page.getByTestId('confirm-password-submit').click());
    expect(added).toMatchObject({
      kind: 'success',
      text: 'Passkey "Chromium virtual key" added. You can now log in with it.',
    });
    await shot(page, 'passkey-added');
    expect(await page.getByTestId('passkey-row').count()).toBe(1);
    expect(await text(page, 'passkeys-list')).toContain('Chromium virtual key');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toEqual([
      expect.objectContaining({
        isResidentCredential: true,
        rpId: 'localhost',
        signCount: expect.any(Number),
      }),
    ]);

    // Discoverable: the email field is empty, the browser offers the resident passkey.
    expect((await act(page, () => page.getByTestId('logout').click())).text).toBe('You are logged out.');
    const discoverable = await act(page, () => page.getByTestId('passkey-login').click());
    expect(discoverable).toMatchObject({ kind: 'success', text: `Logged in with a passkey as ${email}.` });
    expect(await text(page, 'profile-email')).toBe(email);
    await shot(page, 'passkey-login-discoverable');

    // Email-first: the options list this account's passkey.
    await act(page, () => page.getByTestId('logout').click());
    await page.getByTestId('login-form').locator('[name="email"]').fill(email);
    const emailFirst = await act(page, () => page.getByTestId('passkey-login').click());
    expect(emailFirst).toMatchObject({ kind: 'success', text: `Logged in with a passkey as ${email}.` });

    // The session survives a reload. A login is no password confirmation: the list asks for one.
    expect((await load(page, spa!.url)).text).toBe(`Welcome back, ${email}.`);
    const locked2 = await act(page, () => page.getByTestId('show-passkeys').click());
    expect(locked2.http).toBe('423');
    await page.getByTestId('confirm-password-form').locator('[name="password"]').fill(PASSWORD);
    const listed = await act(page, () => page.getByTestId('confirm-password-submit').click());
    expect(listed).toMatchObject({ kind: 'success', text: 'Passkey list loaded.' });
    expect(await text(page, 'passkeys-list')).toContain('last used');
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0].signCount).toBeGreaterThan(credentials[0].signCount);
    expect(pageErrors).toEqual([]);
  });

  it('reports a login without any passkey on the device as a readable error', async () => {
    const { page } = await pageWithAuthenticator();
    await load(page, spa!.url);
    await page.getByTestId('login-form').locator('[name="email"]').fill('nobody@example.com');
    const status = await act(page, () => page.getByTestId('passkey-login').click());
    expect(status.kind).toBe('error');
    expect(status.text).toMatch(/passkey prompt was cancelled or timed out|no passkey/);
  }, 60_000);
});
