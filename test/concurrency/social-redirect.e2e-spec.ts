import { describe, expect, it } from '@jest/globals';
import { startBrowserSession, type BrowserSession } from '../utils/auth-helpers';
import {
  authenticatedAnyway,
  burst,
  crossedIdentities,
  expectAllAnswered,
  firstParty,
  interleave,
} from '../utils/concurrency';
import {
  afterCallback,
  afterRedirect,
  APP_URL,
  callbackRequest,
  FRONTEND_URL,
  person,
  PROVIDERS,
  redirectRequest,
  useSocialFixture,
  type Provider,
} from '../utils/social-flow';

const BROWSERS = 5;
const REDIRECTS = 20;
const PAIRS = 10;

/**
 * GET /auth/{provider}/redirect from many browsers at once (docs/http-contract.md §8): each a 302 to the
 * provider, in time, with its own single-use state (OAuth 2) or request token (Twitter) bound to the session
 * that asked for it. The shared Passport strategy sent one request's provider URL (and so its state) to
 * another browser and left the first hanging.
 */
describe.each(PROVIDERS)('concurrent social redirects with %s', (provider: Provider) => {
  const fx = useSocialFixture();

  /** The value that ties a provider URL, and the callback, to its flow. */
  const flowParam = provider === 'twitter' ? 'oauth_token' : 'state';
  const flowValue = (location: string) => new URL(location).searchParams.get(flowParam);
  const providerEndpoint = provider === 'twitter' ? '/oauth/authenticate' : '/authorize';
  const invalidState = `${FRONTEND_URL}/auth/callback?status=error&error=invalid_state&provider=${provider}`;

  /** Every answer a 302 to the provider's consent page, each with a flow value of its own. */
  const expectOwnFlows = (locations: string[]) => {
    expect(locations.map((l) => new URL(l).pathname)).toEqual(locations.map(() => providerEndpoint));
    if (provider !== 'twitter') {
      for (const l of locations) {
        expect(new URL(l).searchParams.get('redirect_uri')).toBe(`${APP_URL}/auth/${provider}/callback`);
      }
    }
    const values = locations.map(flowValue);
    expect(values.every((v) => typeof v === 'string' && v.length >= 24)).toBe(true);
    expect(new Set(values).size).toBe(locations.length);
  };

  it(`${REDIRECTS} redirects from ${BROWSERS} browsers at once: distinct flows, none usable by another browser`, async () => {
    const sessions = await Promise.all(
      Array.from({ length: BROWSERS }, () => startBrowserSession(fx.t.server)),
    );
    const people = sessions.map(() => person());
    const requests = interleave(
      sessions.map((session, b) => ({ session, b })),
      REDIRECTS,
    ).map((r, i) => ({ ...r, i, owner: `browser ${r.b} (request ${i})` }));

    const answers = expectAllAnswered(
      await burst(requests, (r) => redirectRequest(fx.t, provider, {}, r.session)),
    );
    expect(answers.map((r) => r.status)).toEqual(requests.map(() => 302));
    const started = requests.map((r) => afterRedirect(answers[r.i], r.session));
    expectOwnFlows(started.map((s) => s.location));

    // Every provider URL, consented to by its browser's person, then brought back in the next browser.
    const callbacks = await Promise.all(
      requests.map((r) => fx.followAs(provider, started[r.i].location, people[r.b])),
    );
    const thief = (r: (typeof requests)[number]) => started[requests[(r.i + 1) % REDIRECTS].i].session;
    expect(requests.every((r) => requests[(r.i + 1) % REDIRECTS].b !== r.b)).toBe(true);
    const crossed = expectAllAnswered(
      await burst(requests, (r) => callbackRequest(fx.t, callbacks[r.i], thief(r))),
    );
    expect(crossed.map((res) => [res.status, res.headers.location])).toEqual(
      requests.map(() => [302, invalidState]),
    );
    expect(
      await authenticatedAnyway(
        fx.t.server,
        requests.map((r) => ({
          owner: r.owner,
          headers: firstParty(afterCallback(crossed[r.i], thief(r)).session.cookie),
        })),
      ),
    ).toEqual([]);
    expect(await fx.t.db.query('SELECT id FROM users')).toEqual([]);
    expect(await fx.t.db.query('SELECT id FROM social_accounts')).toEqual([]);
  });

  it(`${PAIRS} victims and ${PAIRS} thieves at once: a state works only in the browser that started it`, async () => {
    // Half the browsers come with a session already (the SPA fetched /sanctum/csrf-cookie), half without.
    const browsers = await Promise.all(
      Array.from({ length: 2 * PAIRS }, async (_, i) => ({
        i,
        owner: `browser ${i}`,
        who: person(),
        session:
          i % 4 < 2 ? await startBrowserSession(fx.t.server) : (undefined as BrowserSession | undefined),
      })),
    );
    const answers = expectAllAnswered(
      await burst(browsers, (b) => redirectRequest(fx.t, provider, {}, b.session)),
    );
    const started = browsers.map((b) => afterRedirect(answers[b.i], b.session));
    expectOwnFlows(started.map((s) => s.location));

    // Victim 2k finishes its own flow while thief 2k+1 brings the victim's callback in its own
    // browser, all at the same time.
    const victims = browsers.filter((b) => b.i % 2 === 0);
    const callbacks = await Promise.all(
      victims.map((v) => fx.followAs(provider, started[v.i].location, v.who)),
    );
    const attempts = browsers.map((b) => ({
      ...b,
      callback: callbacks[Math.floor(b.i / 2)],
      jar: started[b.i].session,
    }));
    const back = expectAllAnswered(await burst(attempts, (a) => callbackRequest(fx.t, a.callback, a.jar)));
    const own = `${FRONTEND_URL}/auth/callback?status=success&provider=${provider}`;
    expect(back.map((res) => [res.status, res.headers.location])).toEqual(
      attempts.map((a) => [302, a.i % 2 === 0 ? own : invalidState]),
    );
    const after = attempts.map((a) => ({ ...a, jar: afterCallback(back[a.i], a.jar).session }));
    expect(
      await crossedIdentities(
        fx.t.server,
        after
          .filter((a) => a.i % 2 === 0)
          .map((a) => ({
            owner: a.owner,
            headers: firstParty(a.jar.cookie),
            expect: (u) => u.email === a.who.email,
          })),
      ),
    ).toEqual([]);
    expect(
      await authenticatedAnyway(
        fx.t.server,
        after
          .filter((a) => a.i % 2 === 1)
          .map((a) => ({ owner: a.owner, headers: firstParty(a.jar.cookie) })),
      ),
    ).toEqual([]);
    const emails = (await fx.t.db.query('SELECT email FROM users')) as { email: string }[];
    expect(emails.map((u) => u.email).sort()).toEqual(victims.map((v) => v.who.email).sort());
  });
});
