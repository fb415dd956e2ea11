import { afterAll, beforeAll, beforeEach, expect } from '@jest/globals';
import request from 'supertest';
import { absorb, type BrowserSession } from './auth-helpers';
import { listen } from './concurrency';
import { FakeOAuth2Provider, type FakeProfile } from './fake-providers';
import { FakeTwitter, type FakeTwitterProfile } from './fake-twitter';
import { createTestApp, FIRST_PARTY, resetDatabase, type TestApp } from './test-app';

export type Provider = 'google' | 'facebook' | 'twitter';
export const PROVIDERS: Provider[] = ['google', 'facebook', 'twitter'];

export const APP_URL = 'http://api.test';
export const FRONTEND_URL = 'http://spa.test';
export const APP_LINK = 'fangate://auth';

const EMPTY: BrowserSession = { cookie: '', xsrf: '', headers: {} };

/** A browser session from a Cookie header (or an empty jar). */
function asSession(from: BrowserSession | string | undefined): BrowserSession {
  if (from === undefined) return EMPTY;
  if (typeof from !== 'string') return from;
  return { ...EMPTY, cookie: from, headers: { Cookie: from } };
}

/** GET /auth/{provider}/redirect from a browser with `from`'s cookies, not sent yet (bursts send many). */
export function redirectRequest(
  t: TestApp,
  provider: string,
  query: Record<string, string> = {},
  from?: BrowserSession | string,
): request.Test {
  const before = asSession(from);
  const req = request(t.server).get(`/auth/${provider}/redirect`).query(query);
  if (before.cookie) req.set('Cookie', before.cookie);
  return req;
}

/** The redirect step's answer (302 expected): the browser's session and the provider URL it is sent to. */
export function afterRedirect(
  res: request.Response,
  from?: BrowserSession | string,
): { session: BrowserSession; location: string } {
  if (res.status !== 302) throw new Error(`redirect answered ${res.status}: ${res.text}`);
  return { session: absorb(asSession(from), res), location: res.headers.location as string };
}

/**
 * GET /auth/{provider}/redirect (302 expected) from a browser with `from`'s cookies; returns the
 * browser's session (the flow lives in it) and the provider URL the browser is sent to.
 */
export async function startSocial(
  t: TestApp,
  provider: string,
  query: Record<string, string> = {},
  from?: BrowserSession | string,
): Promise<{ session: BrowserSession; location: string }> {
  return afterRedirect(await redirectRequest(t, provider, query, from), from);
}

/**
 * The browser at the provider: the consent page (oauth2-mock-server's /authorize or the Twitter
 * fake's /oauth/authenticate) answers with a redirect to our callback. Returns its path + query.
 */
export async function followProvider(location: string): Promise<string> {
  const consent = await fetch(location, { redirect: 'manual' });
  const back = consent.headers.get('location');
  if (consent.status !== 302 || !back)
    throw new Error(`provider answered ${consent.status}: ${await consent.text()}`);
  const url = new URL(back);
  expect(url.origin).toBe(APP_URL);
  expect(url.pathname).toMatch(/^\/auth\/(google|facebook|twitter)\/callback$/);
  return url.pathname + url.search;
}

/** GET the callback with the browser's cookies, not sent yet (bursts send many). */
export function callbackRequest(t: TestApp, callbackPath: string, session: BrowserSession): request.Test {
  const req = request(t.server).get(callbackPath);
  if (session.cookie) req.set('Cookie', session.cookie);
  return req;
}

/** The callback's answer: always a 302 (never a 500), to the front end or the app link. */
export function afterCallback(
  res: request.Response,
  session: BrowserSession,
): { location: URL; session: BrowserSession } {
  if (res.status !== 302) throw new Error(`callback answered ${res.status}: ${res.text}`);
  return { location: new URL(res.headers.location as string), session: absorb(session, res) };
}

/** GET the callback with the browser's cookies: always a 302 (never a 500), to the front end or the app link. */
export async function finishSocial(
  t: TestApp,
  callbackPath: string,
  session: BrowserSession,
): Promise<{ location: URL; session: BrowserSession }> {
  return afterCallback(await callbackRequest(t, callbackPath, session), session);
}

/** The whole browser round trip: redirect → provider consent → callback. */
export async function socialLogin(
  t: TestApp,
  provider: Provider,
  query: Record<string, string> = {},
  from?: BrowserSession | string,
): Promise<{ location: URL; session: BrowserSession }> {
  const start = await startSocial(t, provider, query, from);
  return finishSocial(t, await followProvider(start.location), start.session);
}

/** The landing page's query as a plain object (status, provider, error, code, challenge...). */
export const landing = (location: URL): Record<string, string> => Object.fromEntries(location.searchParams);

/** The callback path with one query parameter replaced (or removed with `null`). */
export function withParam(callbackPath: string, name: string, value: string | null): string {
  const url = new URL(callbackPath, APP_URL);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return url.pathname + url.search;
}

/** Headers of a first-party SPA request with the session (GET /api/... needs Referer or Origin). */
export const spa = (session: BrowserSession): Record<string, string> => ({
  ...session.headers,
  Cookie: session.cookie,
  Referer: `${FIRST_PARTY}/`,
  Origin: FIRST_PARTY,
});

/** The three fake providers and an app configured for all of them. */
export class SocialFixture {
  readonly google = new FakeOAuth2Provider();
  readonly facebook = new FakeOAuth2Provider();
  readonly twitter = new FakeTwitter();
  /** Every OAuth 2 access/refresh token the fakes issued, per provider. */
  readonly oauth2Tokens: Record<'google' | 'facebook', { access: string; refresh?: string }[]> = {
    google: [],
    facebook: [],
  };
  t!: TestApp;
  /** The variables that point the app at the three fakes (known once started). */
  providerEnv: Record<string, string> = {};

  async start(env: Record<string, string> = {}): Promise<TestApp> {
    this.providerEnv = {
      ...this.google.env('GOOGLE', await this.google.start()),
      ...this.facebook.env('FACEBOOK', await this.facebook.start()),
      ...this.twitter.env(await this.twitter.start()),
    };
    for (const name of ['google', 'facebook'] as const) {
      this[name].server.service.on('beforeResponse', (res: { body: Record<string, unknown> }) => {
        if (typeof res.body.access_token !== 'string') return;
        this.oauth2Tokens[name].push({
          access: res.body.access_token,
          refresh: res.body.refresh_token as string | undefined,
        });
      });
    }
    this.t = await createTestApp({
      ...this.providerEnv,
      APP_URL,
      FRONTEND_URL,
      APP_LINK_ALLOWLIST: `${APP_LINK},${FRONTEND_URL}`,
      IP_RATE_LIMIT: '10000',
      ...env,
    });
    return this.t;
  }

  /** The profile every provider will report for the next logins, in each provider's own shape. */
  setProfile(provider: Provider, p: SocialPerson): void {
    if (provider === 'twitter') this.twitter.profile = twitterProfile(p);
    else this[provider].profile = oauth2Profile(provider, p);
  }

  /**
   * The provider URL of a flow (from the redirect step) for a browser in which `who` is signed in
   * at the provider: this flow's consent, tokens and profile are `who`'s, whatever `setProfile`
   * says and whoever else is mid-flow. Lets many people's flows run at the same time.
   */
  signInAs(provider: Provider, location: string, who: SocialPerson): string {
    return provider === 'twitter'
      ? this.twitter.signInAs(location, twitterProfile(who))
      : this[provider].signInAs(location, oauth2Profile(provider, who));
  }

  /** followProvider for a browser in which `who` is signed in at the provider. */
  followAs(provider: Provider, location: string, who: SocialPerson): Promise<string> {
    return followProvider(this.signInAs(provider, location, who));
  }

  /** socialLogin as `who` (their own consent, so other people's flows may run meanwhile). */
  async loginAs(
    provider: Provider,
    who: SocialPerson,
    query: Record<string, string> = {},
    from?: BrowserSession | string,
  ): Promise<{ location: URL; session: BrowserSession }> {
    const start = await startSocial(this.t, provider, query, from);
    return finishSocial(this.t, await this.followAs(provider, start.location, who), start.session);
  }

  /** The access token (and refresh token or token secret) the provider issued last. */
  lastIssued(provider: Provider): { access: string; secret?: string } {
    if (provider === 'twitter') {
      const last = this.twitter.issued.at(-1)!;
      return { access: last.token, secret: last.secret };
    }
    const last = this.oauth2Tokens[provider].at(-1)!;
    return { access: last.access, secret: last.refresh };
  }

  async stop(): Promise<void> {
    await this.t?.close();
    await Promise.all([this.google.stop(), this.facebook.stop(), this.twitter.stop()]);
  }
}

export interface SocialPerson {
  id: string;
  first: string;
  last: string;
  email?: string;
  avatar?: string;
  /** Google's email_verified (default true); the other providers never assert it. */
  verified?: boolean;
}

/** verify_credentials of a person, as the Twitter fake reports it. */
function twitterProfile(p: SocialPerson): FakeTwitterProfile {
  return {
    id_str: p.id,
    name: `${p.first} ${p.last}`,
    screen_name: `${p.first.toLowerCase()}_${p.id}`,
    email: p.email,
    profile_image_url_https: p.avatar,
  };
}

/** A person's userinfo (Google, OpenID claims) or Graph API /me (Facebook). */
function oauth2Profile(provider: 'google' | 'facebook', p: SocialPerson): FakeProfile {
  if (provider === 'facebook') {
    // Graph API /me?fields=id,name,first_name,last_name,email,picture
    return {
      sub: p.id,
      name: `${p.first} ${p.last}`,
      first_name: p.first,
      last_name: p.last,
      email: p.email,
      picture: p.avatar ? { data: { url: p.avatar } } : undefined,
    } as unknown as FakeProfile;
  }
  return {
    sub: p.id,
    name: `${p.first} ${p.last}`,
    given_name: p.first,
    family_name: p.last,
    email: p.email,
    email_verified: p.verified ?? true,
    picture: p.avatar,
  };
}

let counter = 0;

/** A fresh identity and email for each call, so tests never share one. */
export function person(overrides: Partial<SocialPerson> = {}): SocialPerson {
  counter += 1;
  const id = `${Date.now()}${counter}`;
  return {
    id,
    first: 'Sam',
    last: `Social${counter}`,
    email: `social${id}@example.com`,
    avatar: `https://cdn.example.com/avatars/${id}.png`,
    ...overrides,
  };
}

/**
 * A describe-level fixture for concurrency tests: the fakes and an app listening on a real port
 * (a burst of supertest requests then shares one server), with the database and the Twitter fake
 * reset before each test. Use `fx.t` in the tests.
 */
export function useSocialFixture(): SocialFixture {
  const fx = new SocialFixture();
  beforeAll(async () => {
    await listen((await fx.start()).server);
  });
  beforeEach(async () => {
    await resetDatabase(fx.t.db);
    fx.twitter.reset();
  });
  afterAll(() => fx.stop());
  return fx;
}
