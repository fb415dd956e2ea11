import { describe, expect, it } from '@jest/globals';
import { sessionIdOf } from '../utils/auth-helpers';
import { burst, crossedIdentities, expectAllAnswered, firstParty, interleave } from '../utils/concurrency';
import {
  afterCallback,
  afterRedirect,
  callbackRequest,
  FRONTEND_URL,
  landing,
  person,
  PROVIDERS,
  redirectRequest,
  useSocialFixture,
  type Provider,
  type SocialPerson,
} from '../utils/social-flow';

const NEWCOMERS = 12;
const RETURNING = 6;
/** Every newcomer once, every returning person twice (two browsers each): 24 flows of 18 people. */
const FLOWS = NEWCOMERS + 2 * RETURNING;
/** New people who each start their first login in several browsers at once. */
const SAME_PEOPLE = 5;
const TABS = 4;

/**
 * Complete browser flows (redirect → provider consent → callback) of many people at once, each browser with
 * its own cookie jar (docs/http-contract.md §1 "Concurrency", §8). One shared, per-request-mutated Passport
 * strategy logged browsers in as someone else and left requests hanging.
 */
describe.each(PROVIDERS)('concurrent social logins with %s', (provider: Provider) => {
  const fx = useSocialFixture();

  /** Which account each identity of this provider is linked to: "provider_user_id → email". */
  const links = async (): Promise<string[]> =>
    (
      (await fx.t.db.query(
        'SELECT s.provider_user_id, u.email FROM social_accounts s JOIN users u ON u.id = s.user_id WHERE s.provider = $1',
        [provider],
      )) as { provider_user_id: string; email: string }[]
    )
      .map((r) => `${r.provider_user_id} → ${r.email}`)
      .sort();
  const expected = (people: SocialPerson[]) => people.map((p) => `${p.id} → ${p.email}`).sort();

  it(`${FLOWS} flows of ${NEWCOMERS + RETURNING} people at once: every browser is logged in as its own person`, async () => {
    const returning = Array.from({ length: RETURNING }, () => person({ first: 'Back' }));
    for (const who of returning) {
      expect(landing((await fx.loginAs(provider, who)).location)).toEqual({ status: 'success', provider });
    }
    const newcomers = Array.from({ length: NEWCOMERS }, () => person({ first: 'New' }));
    // Returning people first, so that the second round of the interleave is theirs: two browsers each.
    const browsers = interleave([...returning, ...newcomers], FLOWS).map((who, i) => ({
      owner: `${who.email} (browser ${i})`,
      who,
      i,
    }));

    // 1. Every browser asks for the provider at once.
    const redirected = expectAllAnswered(await burst(browsers, () => redirectRequest(fx.t, provider)));
    const started = redirected.map((res) => afterRedirect(res));
    // 2. Each consents at the provider as its own person.
    const callbacks = await Promise.all(
      browsers.map((b) => fx.followAs(provider, started[b.i].location, b.who)),
    );
    // 3. Every browser comes back at once.
    const answers = expectAllAnswered(
      await burst(browsers, (b) => callbackRequest(fx.t, callbacks[b.i], started[b.i].session)),
    );

    expect(answers.map((r) => [r.status, r.headers.location])).toEqual(
      browsers.map(() => [302, `${FRONTEND_URL}/auth/callback?status=success&provider=${provider}`]),
    );
    const sessions = browsers.map((b) => afterCallback(answers[b.i], started[b.i].session).session);
    expect(
      await crossedIdentities(
        fx.t.server,
        browsers.map((b) => ({
          owner: b.owner,
          headers: firstParty(sessions[b.i].cookie),
          expect: (u) => u.email === b.who.email,
        })),
      ),
    ).toEqual([]);
    // A new session id for every browser (rotated at login), none shared.
    const ids = sessions.map((s) => sessionIdOf(s));
    expect(new Set(ids).size).toBe(FLOWS);
    for (const b of browsers) expect(ids[b.i]).not.toBe(sessionIdOf(started[b.i].session));

    // One account per person, each identity on its own account only.
    expect(await links()).toEqual(expected([...returning, ...newcomers]));
    const users = (await fx.t.db.query('SELECT email FROM users')) as { email: string }[];
    expect(users.map((u) => u.email).sort()).toEqual([...returning, ...newcomers].map((p) => p.email).sort());
  });

  it(`${TABS * SAME_PEOPLE} first logins of ${SAME_PEOPLE} new people, each in ${TABS} browsers at once: one account each, every browser logged in`, async () => {
    // The same person starting in several tabs or devices: the first callback creates the
    // account, the others are logins of an identity that is linked by then (never someone else's).
    const people = Array.from({ length: SAME_PEOPLE }, () => person({ first: 'Twice' }));
    const browsers = interleave(people, TABS * SAME_PEOPLE).map((who, i) => ({
      owner: `${who.email} (browser ${i})`,
      who,
      i,
    }));
    const redirected = expectAllAnswered(await burst(browsers, () => redirectRequest(fx.t, provider)));
    const started = redirected.map((res) => afterRedirect(res));
    const callbacks = await Promise.all(
      browsers.map((b) => fx.followAs(provider, started[b.i].location, b.who)),
    );
    const answers = expectAllAnswered(
      await burst(browsers, (b) => callbackRequest(fx.t, callbacks[b.i], started[b.i].session)),
    );

    // Always a redirect to the landing page (docs/http-contract.md §8), never an error page of the API.
    expect(answers.map((r) => [r.status, r.headers.location ?? r.text])).toEqual(
      browsers.map(() => [302, `${FRONTEND_URL}/auth/callback?status=success&provider=${provider}`]),
    );
    const sessions = browsers.map((b) => afterCallback(answers[b.i], started[b.i].session).session);
    expect(
      await crossedIdentities(
        fx.t.server,
        browsers.map((b) => ({
          owner: b.owner,
          headers: firstParty(sessions[b.i].cookie),
          expect: (u) => u.email === b.who.email,
        })),
      ),
    ).toEqual([]);
    expect(await links()).toEqual(expected(people));
    const users = (await fx.t.db.query('SELECT email FROM users')) as { email: string }[];
    expect(users.map((u) => u.email).sort()).toEqual(people.map((p) => p.email).sort());
  });
});
