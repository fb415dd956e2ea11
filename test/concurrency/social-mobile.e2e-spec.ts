import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  authenticatedAnyway,
  bearer,
  burst,
  crossedIdentities,
  expectAllAnswered,
  firstParty,
  tally,
} from '../utils/concurrency';
import {
  afterCallback,
  afterRedirect,
  APP_LINK,
  callbackRequest,
  landing,
  person,
  PROVIDERS,
  redirectRequest,
  useSocialFixture,
  type Provider,
  type SocialPerson,
} from '../utils/social-flow';

const INVALID_CODE = 'The code is invalid or has expired.';
const APP = { client: 'app', app_link: APP_LINK };

interface Flow {
  owner: string;
  i: number;
  provider: Provider;
  who: SocialPerson;
}

/**
 * client=app&app_link=...: many people's app flows at once end on the app link with a one-time code each, and
 * the codes traded at once each give a token for their own person (docs/http-contract.md §1, §8). The shared
 * Passport strategy handed one person's code to another's app.
 */
describe('concurrent social logins of the mobile app', () => {
  const fx = useSocialFixture();

  const exchange = (code: string) =>
    request(fx.t.server).post('/api/auth/social/exchange').set('Accept', 'application/json').send({ code });
  const tokenCount = async () =>
    ((await fx.t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens')) as { n: number }[])[0].n;

  /** Every flow's redirect at once, consent as its person, every callback at once: the codes. */
  const appFlows = async (flows: Flow[]): Promise<string[]> => {
    const redirected = expectAllAnswered(await burst(flows, (f) => redirectRequest(fx.t, f.provider, APP)));
    const started = redirected.map((res) => afterRedirect(res));
    const callbacks = await Promise.all(
      flows.map((f) => fx.followAs(f.provider, started[f.i].location, f.who)),
    );
    const answers = expectAllAnswered(
      await burst(flows, (f) => callbackRequest(fx.t, callbacks[f.i], started[f.i].session)),
    );
    expect(answers.map((r) => r.status)).toEqual(flows.map(() => 302));
    const landed = flows.map((f) => afterCallback(answers[f.i], started[f.i].session));
    expect(landed.map((l) => `${l.location.protocol}//${l.location.host}`)).toEqual(
      flows.map(() => APP_LINK),
    );
    expect(landed.map((l) => landing(l.location))).toEqual(
      flows.map((f) => ({
        status: 'success',
        provider: f.provider,
        code: expect.stringMatching(/^[A-Za-z0-9]{48}$/),
      })),
    );
    // The browsers that ran the flows are not logged in: the app gets a token instead.
    expect(
      await authenticatedAnyway(
        fx.t.server,
        flows.map((f) => ({ owner: f.owner, headers: firstParty(landed[f.i].session.cookie) })),
      ),
    ).toEqual([]);
    const codes = landed.map((l) => landing(l.location).code);
    expect(new Set(codes).size).toBe(flows.length);
    return codes;
  };

  /** Flows over the three providers, each person with one provider. */
  const flowsOf = (people: { provider: Provider; who: SocialPerson }[]): Flow[] =>
    people.map((p, i) => ({ ...p, i, owner: `${p.who.email} (${p.provider}, flow ${i})` }));

  it('24 app flows of 18 people at once, then all codes traded at once: every token is its own person’s', async () => {
    // Per provider: two returning people (linked before, two flows each) and four newcomers.
    const people: { provider: Provider; who: SocialPerson }[] = [];
    for (const provider of PROVIDERS) {
      const returning = [person({ first: 'Back' }), person({ first: 'Back' })];
      for (const who of returning) {
        expect(landing((await fx.loginAs(provider, who)).location)).toEqual({ status: 'success', provider });
      }
      const newcomers = Array.from({ length: 4 }, () => person({ first: 'New' }));
      for (const who of [...returning, ...newcomers, ...returning]) people.push({ provider, who });
    }
    // Interleave the providers: flow i is provider i % 3.
    const flows = flowsOf(people.map((_, i) => people[(i % 3) * (people.length / 3) + Math.floor(i / 3)]));
    expect(flows).toHaveLength(24);
    const codes = await appFlows(flows);

    const traded = expectAllAnswered(await burst(flows, (f) => exchange(codes[f.i])));
    expect(traded.map((r) => r.status)).toEqual(flows.map(() => 200));
    expect(traded.map((r) => r.body.data.user.email)).toEqual(flows.map((f) => f.who.email));
    for (const f of flows) expect(traded[f.i].body.data.user.social_accounts).toEqual([f.provider]);
    const tokens = traded.map((r) => r.body.data.token as string);
    expect(new Set(tokens).size).toBe(flows.length);
    expect(
      await crossedIdentities(
        fx.t.server,
        flows.map((f) => ({
          owner: f.owner,
          headers: bearer(tokens[f.i]),
          expect: (u) => u.email === f.who.email && u.id === traded[f.i].body.data.user.id,
        })),
      ),
    ).toEqual([]);
    // One account per person, one token per flow, each named after its provider.
    const users = (await fx.t.db.query('SELECT email FROM users')) as { email: string }[];
    expect(users.map((u) => u.email).sort()).toEqual([...new Set(flows.map((f) => f.who.email!))].sort());
    const rows = (await fx.t.db.query(
      'SELECT u.email, p.device_name FROM personal_access_tokens p JOIN users u ON u.id = p.user_id',
    )) as { email: string; device_name: string }[];
    expect(rows.map((r) => `${r.email} ${r.device_name}`).sort()).toEqual(
      flows.map((f) => `${f.who.email} ${f.provider} sign-in`).sort(),
    );
  });

  it('10 codes each traded twice at the same time: exactly one 200 (its own person) and one 422 per code', async () => {
    const flows = flowsOf(
      Array.from({ length: 10 }, (_, i) => ({ provider: PROVIDERS[i % 3], who: person() })),
    );
    const codes = await appFlows(flows);
    const twice = [...flows, ...flows].map((f, n) => ({ ...f, n }));

    const answers = expectAllAnswered(await burst(twice, (f) => exchange(codes[f.i])));
    const statuses = flows.map((f) =>
      [answers[f.i].status, answers[f.i + flows.length].status].sort((a, b) => a - b),
    );
    expect(statuses).toEqual(flows.map(() => [200, 422]));
    for (const res of answers.filter((r) => r.status === 422)) {
      expect(res.body).toMatchObject({
        success: false,
        message: INVALID_CODE,
        errors: { code: [INVALID_CODE] },
      });
    }
    const winners = twice.filter((f) => answers[f.n].status === 200);
    expect(tally(winners.map((f) => f.i))).toEqual(tally(flows.map((f) => f.i)));
    expect(
      await crossedIdentities(
        fx.t.server,
        winners.map((f) => ({
          owner: f.owner,
          headers: bearer(answers[f.n].body.data.token),
          expect: (u) => u.email === f.who.email,
        })),
      ),
    ).toEqual([]);
    expect(await tokenCount()).toBe(flows.length);
  });
});
