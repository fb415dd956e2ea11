import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { BrowserSession } from '../utils/auth-helpers';
import {
  burst,
  crossedIdentities,
  expectAllAnswered,
  firstParty,
  tally,
  type UserView,
} from '../utils/concurrency';
import {
  afterCallback,
  afterRedirect,
  callbackRequest,
  FRONTEND_URL,
  landing,
  person,
  redirectRequest,
  useSocialFixture,
  spa,
  type Provider,
  type SocialPerson,
} from '../utils/social-flow';

const ONLY_WAY =
  'This is the only way to log in to the account. Set a password or link another provider first.';

/**
 * Check-then-act races of social login (docs/http-contract.md §1 "Concurrency", §8): the state (or request
 * token) is single use even when one browser's callback arrives several times at once, and the "one way to
 * log in" rule holds when two unlinks race.
 */
describe('social login races', () => {
  const fx = useSocialFixture();

  describe.each([
    ['google', 10, 2],
    ['google', 5, 5],
    ['twitter', 10, 2],
    ['twitter', 5, 5],
  ] as [Provider, number, number][])(
    'one state, sent several times at once (%s)',
    (provider, browsers, copies) => {
      it(`${browsers} browsers each send their callback ${copies} times at once: one success per browser, the rest invalid_state`, async () => {
        const people = Array.from({ length: browsers }, (_, b) => ({
          b,
          owner: `browser ${b}`,
          who: person(),
        }));
        const redirected = expectAllAnswered(await burst(people, () => redirectRequest(fx.t, provider)));
        const started = people.map((p) => afterRedirect(redirected[p.b]));
        const callbacks = await Promise.all(
          people.map((p) => fx.followAs(provider, started[p.b].location, p.who)),
        );

        // Every copy with the same cookies (one browser: a double click, a reloaded tab), all at once.
        const sends = Array.from({ length: browsers * copies }, (_, n) => ({ ...people[n % browsers], n }));
        const answers = expectAllAnswered(
          await burst(sends, (s) => callbackRequest(fx.t, callbacks[s.b], started[s.b].session)),
        );
        expect(answers.map((r) => r.status)).toEqual(sends.map(() => 302));
        const landed = sends.map((s) => afterCallback(answers[s.n], started[s.b].session));
        for (const l of landed)
          expect(l.location.origin + l.location.pathname).toBe(`${FRONTEND_URL}/auth/callback`);
        const outcomes = people.map((p) =>
          sends
            .filter((s) => s.b === p.b)
            .map((s) => landing(landed[s.n].location))
            .sort((x, y) => (x.status === y.status ? 0 : x.status === 'success' ? -1 : 1)),
        );
        expect(outcomes).toEqual(
          people.map(() => [
            { status: 'success', provider },
            ...Array.from({ length: copies - 1 }, () => ({
              status: 'error',
              error: 'invalid_state',
              provider,
            })),
          ]),
        );

        // Exactly one authenticated session per browser, its own person's; one account each.
        const checks = sends.map((s) => ({ ...s, session: landed[s.n].session }));
        const authenticated = await Promise.all(
          checks.map(async (c) => ({
            ...c,
            status: (await request(fx.t.server).get('/api/user').set(firstParty(c.session.cookie))).status,
          })),
        );
        expect(tally(authenticated.filter((a) => a.status === 200).map((a) => a.b))).toEqual(
          tally(people.map((p) => p.b)),
        );
        expect(
          await crossedIdentities(
            fx.t.server,
            authenticated
              .filter((a) => a.status === 200)
              .map((a) => ({
                owner: a.owner,
                headers: firstParty(a.session.cookie),
                expect: (u) => u.email === a.who.email,
              })),
          ),
        ).toEqual([]);
        const emails = (await fx.t.db.query('SELECT email FROM users')) as { email: string }[];
        expect(emails.map((u) => u.email).sort()).toEqual(people.map((p) => p.who.email).sort());
        const links = (await fx.t.db.query('SELECT provider_user_id FROM social_accounts')) as {
          provider_user_id: string;
        }[];
        expect(links.map((l) => l.provider_user_id).sort()).toEqual(people.map((p) => p.who.id).sort());
      });
    },
  );

  describe('unlinking two providers at once', () => {
    const ACCOUNTS = 10;

    /** A social-only account (no password): created by a Google login, Facebook linked after. */
    const socialOnly = async (n: number) => {
      const identities: Record<'google' | 'facebook', SocialPerson> = {
        google: person(),
        facebook: person(),
      };
      const first = await fx.loginAs('google', identities.google);
      expect(landing(first.location)).toEqual({ status: 'success', provider: 'google' });
      const linked = await fx.loginAs('facebook', identities.facebook, { intent: 'link' }, first.session);
      expect(landing(linked.location)).toEqual({ status: 'success', provider: 'facebook', intent: 'link' });
      const me = await request(fx.t.server).get('/api/user').set(spa(linked.session)).expect(200);
      expect([...me.body.data.social_accounts].sort()).toEqual(['facebook', 'google']);
      const session: BrowserSession = linked.session;
      return { owner: identities.google.email!, n, id: me.body.data.id as number, session, identities };
    };

    it(`${ACCOUNTS} accounts each unlink Google and Facebook at once: one 200 and one 422 each, one provider stays`, async () => {
      const accounts = await Promise.all(Array.from({ length: ACCOUNTS }, (_, n) => socialOnly(n)));
      const deletes = accounts.flatMap((a) =>
        (['google', 'facebook'] as const).map((provider, k) => ({ ...a, provider, k: 2 * a.n + k })),
      );

      const answers = expectAllAnswered(
        await burst(deletes, (d) =>
          request(fx.t.server).delete(`/api/user/social-accounts/${d.provider}`).set(spa(d.session)),
        ),
      );
      expect(
        accounts.map((a) =>
          deletes
            .filter((d) => d.n === a.n)
            .map((d) => answers[d.k].status)
            .sort((x, y) => x - y),
        ),
      ).toEqual(accounts.map(() => [200, 422]));
      for (const res of answers) {
        if (res.status === 200) expect(res.body).toEqual({ success: true, errors_message: null, data: null });
        else expect(res.body).toMatchObject({ success: false, data: null, errors: { provider: [ONLY_WAY] } });
      }

      // The provider whose DELETE was refused is the one that stays, on the account and in the list.
      const kept = accounts.map(
        (a) => deletes.find((d) => d.n === a.n && answers[d.k].status === 422)!.provider,
      );
      const lists = expectAllAnswered(
        await burst(accounts, (a) =>
          request(fx.t.server).get('/api/user/social-accounts').set(spa(a.session)),
        ),
      );
      expect(lists.map((r) => (r.body.data as { provider: string }[]).map((l) => l.provider))).toEqual(
        kept.map((p) => [p]),
      );
      const rows = (await fx.t.db.query('SELECT user_id, provider FROM social_accounts')) as {
        user_id: number;
        provider: string;
      }[];
      expect(rows.map((r) => `${r.user_id} ${r.provider}`).sort()).toEqual(
        accounts.map((a, i) => `${a.id} ${kept[i]}`).sort(),
      );
      // And the identity that stays still logs in to its account.
      const again = [];
      for (const [i, a] of accounts.entries()) {
        const done = await fx.loginAs(kept[i], a.identities[kept[i]]);
        expect(landing(done.location)).toEqual({ status: 'success', provider: kept[i] });
        again.push({
          owner: a.owner,
          headers: firstParty(done.session.cookie),
          expect: (u: UserView) => u.id === a.id,
        });
      }
      expect(await crossedIdentities(fx.t.server, again)).toEqual([]);
    });
  });
});
