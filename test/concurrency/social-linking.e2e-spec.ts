import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../factories/users.factory';
import { loginWithSession, type BrowserSession } from '../utils/auth-helpers';
import { burst, crossedIdentities, expectAllAnswered, firstParty } from '../utils/concurrency';
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
  spa,
  type Provider,
  type SocialPerson,
} from '../utils/social-flow';

/** Seven per provider: 7 Google, 7 Facebook and 7 Twitter links in one burst. */
const USERS = 21;

interface Linker {
  owner: string;
  i: number;
  id: number;
  email: string;
  provider: Provider;
  identity: SocialPerson;
  session: BrowserSession;
}

/**
 * Logged-in users linking a provider from account settings (intent=link) at the same time, each with an
 * identity of their own (docs/http-contract.md §1, §8). The shared Passport strategy linked one person's
 * identity onto another's account.
 */
describe('concurrent linking from account settings', () => {
  const fx = useSocialFixture();

  /** Password accounts, logged in and with a fresh password confirmation (linking needs one). */
  const linkers = (run = Date.now()): Promise<Linker[]> =>
    Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        const provider = PROVIDERS[i % PROVIDERS.length];
        const local = await createUser(fx.t.db, {
          // Explicit: the factory's own addresses are not unique for calls in parallel.
          email: `linker${i}-${run}@example.com`,
          emailVerifiedAt: new Date(),
          plainPassword: `Link-${i}-${Math.random().toString(36).slice(2)}`,
        });
        const session = await loginWithSession(fx.t.server, local.email, local.plainPassword);
        await request(fx.t.server)
          .post('/user/confirm-password')
          .set(session.headers)
          .send({ password: local.plainPassword })
          .expect(201);
        // An identity under another address than the local one: linking does not need a match.
        const identity = person({
          first: 'Linked',
          email: `${provider}-${i}-${local.id}@elsewhere.example.com`,
        });
        return {
          owner: `${local.email} (${provider})`,
          i,
          id: local.id,
          email: local.email,
          provider,
          identity,
          session,
        };
      }),
    );

  it(`${USERS} users link a provider at once: each identity lands on its own account only`, async () => {
    const users = await linkers();

    const redirected = expectAllAnswered(
      await burst(users, (u) => redirectRequest(fx.t, u.provider, { intent: 'link' }, u.session)),
    );
    expect(redirected.map((r) => r.status)).toEqual(users.map(() => 302));
    const started = users.map((u) => afterRedirect(redirected[u.i], u.session));
    const callbacks = await Promise.all(
      users.map((u) => fx.followAs(u.provider, started[u.i].location, u.identity)),
    );
    const answers = expectAllAnswered(
      await burst(users, (u) => callbackRequest(fx.t, callbacks[u.i], started[u.i].session)),
    );
    expect(answers.map((r) => r.status)).toEqual(users.map(() => 302));
    const landed = users.map((u) => afterCallback(answers[u.i], started[u.i].session));
    expect(landed.map((l) => l.location.origin + l.location.pathname)).toEqual(
      users.map(() => `${FRONTEND_URL}/auth/callback`),
    );
    expect(landed.map((l) => landing(l.location))).toEqual(
      users.map((u) => ({ status: 'success', provider: u.provider, intent: 'link' })),
    );
    // Each browser is still logged in as its own user.
    expect(
      await crossedIdentities(
        fx.t.server,
        users.map((u) => ({
          owner: u.owner,
          headers: firstParty(landed[u.i].session.cookie),
          expect: (me) => me.id === u.id && me.email === u.email,
        })),
      ),
    ).toEqual([]);

    // The database: every identity on its own account, nothing else.
    const rows = (await fx.t.db.query(
      'SELECT user_id, provider, provider_user_id, email FROM social_accounts',
    )) as {
      user_id: number;
      provider: string;
      provider_user_id: string;
      email: string;
    }[];
    const describeLink = (l: {
      user_id: number;
      provider: string;
      provider_user_id: string;
      email: string;
    }) => `${l.provider}:${l.provider_user_id} (${l.email}) → user ${l.user_id}`;
    expect(rows.map(describeLink).sort()).toEqual(
      users
        .map((u) =>
          describeLink({
            user_id: u.id,
            provider: u.provider,
            provider_user_id: u.identity.id,
            email: u.identity.email!,
          }),
        )
        .sort(),
    );
    // And what each user sees.
    const lists = expectAllAnswered(
      await burst(users, (u) =>
        request(fx.t.server).get('/api/user/social-accounts').set(spa(landed[u.i].session)),
      ),
    );
    expect(lists.map((r) => [r.status, r.body.data])).toEqual(
      users.map((u) => [
        200,
        [
          {
            provider: u.provider,
            name: `${u.identity.first} ${u.identity.last}`,
            email: u.identity.email,
            avatar_url: u.identity.avatar,
            linked_at: expect.any(String),
          },
        ],
      ]),
    );

    // Later, a fresh login with each identity, all at once in new browsers, opens its own account.
    const fresh = expectAllAnswered(await burst(users, (u) => redirectRequest(fx.t, u.provider)));
    const again = users.map((u) => afterRedirect(fresh[u.i]));
    const back = await Promise.all(
      users.map((u) => fx.followAs(u.provider, again[u.i].location, u.identity)),
    );
    const loggedIn = expectAllAnswered(
      await burst(users, (u) => callbackRequest(fx.t, back[u.i], again[u.i].session)),
    );
    const done = users.map((u) => afterCallback(loggedIn[u.i], again[u.i].session));
    expect(done.map((d) => landing(d.location))).toEqual(
      users.map((u) => ({ status: 'success', provider: u.provider })),
    );
    expect(
      await crossedIdentities(
        fx.t.server,
        users.map((u) => ({
          owner: u.owner,
          headers: firstParty(done[u.i].session.cookie),
          expect: (me) => me.id === u.id && me.email === u.email,
        })),
      ),
    ).toEqual([]);
    const count = (await fx.t.db.query('SELECT count(*)::int AS n FROM users')) as { n: number }[];
    expect(count[0].n).toBe(USERS);
  });
});
