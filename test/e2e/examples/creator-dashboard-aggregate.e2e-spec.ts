import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Role } from '../../../src/common/auth/role.enum';
import { TokensService } from '../../../src/tokens/tokens.service';
import { Currency } from '../../../src/examples/fangate/accounts/currency.entity';
import { createProduct, createTransaction } from '../../factories/resources.factory';
import { createUser } from '../../factories/users.factory';
import { loginWithToken } from '../../utils/auth-helpers';
import { API, JSON_ACCEPT } from '../../utils/role-helpers';
import { useTestApp } from '../../utils/test-app';

const PATH = '/api/dashboard/summary/aggregate';

describe('POST /api/dashboard/summary/aggregate: combined KPIs, every token verified', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const api = () => request(t.server);
  const tokens = () => t.app.get(TokensService);

  it('answers 401 without a token of its own', async () => {
    const res = await api()
      .post(PATH)
      .set(JSON_ACCEPT)
      .send({ tokens: ['1|x'] })
      .expect(401);
    expect(res.body).toEqual(API.unauthenticated);
  });

  it('validates the list: 1 to 10 entries (422)', async () => {
    const me = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, me.email, me.plainPassword);
    const cases: [object, string][] = [
      [{}, 'The tokens field is required.'],
      [{ tokens: 'abc' }, 'The tokens field must be an array.'],
      [{ tokens: [] }, 'The tokens field must have between 1 and 10 items.'],
      [
        { tokens: Array.from({ length: 11 }, () => 'x') },
        'The tokens field must have between 1 and 10 items.',
      ],
    ];
    for (const [body, message] of cases) {
      const res = await api().post(PATH).set(headers).send(body).expect(422);
      expect(res.body).toMatchObject({ success: false, message, errors: { tokens: [message] } });
    }
  });

  it('combines valid creators, reports invalid and foreign tokens per row, and counts a creator once', async () => {
    const eur = await t.db.getRepository(Currency).findOneByOrFail({ code: 'EUR' });
    const alice = await createUser(t.db, { roles: [Role.Creator], firstName: 'Alice' });
    const bob = await createUser(t.db, { roles: [Role.Creator], firstName: 'Bob', currencyId: eur.id });
    const carol = await createUser(t.db, { roles: [Role.Creator], firstName: 'Carol' });
    const listener = await createUser(t.db, { roles: [Role.Listener] });

    // Alice: 2 products (1 published), sales 10 + 5.50, 3 pending, a 4 payout, one referral.
    const p = await createProduct(t.db, alice, { status: 'published' });
    await createProduct(t.db, alice);
    await createTransaction(t.db, alice, 'sale', '10.00', 'completed', p.id);
    await createTransaction(t.db, alice, 'sale', '5.50', 'completed', p.id);
    await createTransaction(t.db, alice, 'sale', '3.00', 'pending', p.id);
    await createTransaction(t.db, alice, 'payout', '-4.00', 'completed');
    await createUser(t.db, { referredById: alice.id });
    // Bob (EUR): one product, one sale of 7.
    await createTransaction(t.db, bob, 'sale', '7.00', 'completed', (await createProduct(t.db, bob)).id);
    // Figures that must never be counted: Carol's token lacks the ability; the listener is no creator.
    await createTransaction(t.db, carol, 'sale', '500.00');
    await createTransaction(t.db, listener, 'sale', '900.00');

    const aliceLogin = await loginWithToken(t.server, alice.email, alice.plainPassword);
    const bobLogin = await loginWithToken(t.server, bob.email, bob.plainPassword);
    const bobSecond = await tokens().issue(bob);
    const carolLimited = await tokens().issue(carol, { abilities: ['orders:read'] });
    const carolDashboard = await tokens().issue(carol, { abilities: ['dashboard:read'] });
    const listenerToken = await tokens().issue(listener);
    const expired = await tokens().issue(alice, { expiresAt: new Date(Date.now() - 60_000) });
    const revoked = await tokens().issue(bob);
    await tokens().revoke(revoked.token.id);
    const [id, secret] = aliceLogin.token.split('|');
    const tampered = `${id}|${secret.slice(0, -1)}${secret.endsWith('0') ? '1' : '0'}`;

    const sent = [
      aliceLogin.token, //   0 valid
      'not-a-token', //      1 invalid
      bobLogin.token, //     2 valid (EUR)
      tampered, //           3 invalid (checksum)
      listenerToken.plainText, // 4 foreign: not a creator
      carolLimited.plainText, //  5 foreign: no dashboard ability
      expired.plainText, //  6 expired
      revoked.plainText, //  7 revoked
      bobSecond.plainText, // 8 valid, Bob again
      42, //                 9 not a string
    ];
    // The caller is Carol, through a token that may read dashboards: any authenticated caller may ask.
    const res = await api()
      .post(PATH)
      .set({ Authorization: `Bearer ${carolDashboard.plainText}`, Accept: 'application/json' })
      .send({ tokens: sent })
      .expect(200);
    expect(res.body.success).toBe(true);
    const { results, totals } = res.body.data;

    const fail = (index: number, errors_message: string) => ({ index, success: false, errors_message });
    const aliceKpis = {
      currency: { id: expect.any(Number), code: 'USD' },
      products_count: 2,
      published_products_count: 1,
      sales_count: 2,
      revenue: 15.5,
      balance: 11.5,
      pending_balance: 3,
      referrals_count: 1,
    };
    const bobKpis = {
      currency: { id: eur.id, code: 'EUR' },
      products_count: 1,
      published_products_count: 0,
      sales_count: 1,
      revenue: 7,
      balance: 7,
      pending_balance: 0,
      referrals_count: 0,
    };
    expect(results).toEqual([
      {
        index: 0,
        success: true,
        creator: { id: alice.id, email: alice.email, name: `Alice ${alice.lastName}` },
        summary: aliceKpis,
        counted: true,
      },
      fail(1, 'Invalid token.'),
      {
        index: 2,
        success: true,
        creator: expect.objectContaining({ id: bob.id }),
        summary: bobKpis,
        counted: true,
      },
      fail(3, 'Invalid token.'),
      fail(4, 'This account is not a creator account.'),
      fail(5, 'Invalid ability provided.'),
      fail(6, 'Invalid token.'),
      fail(7, 'Invalid token.'),
      {
        index: 8,
        success: true,
        creator: expect.objectContaining({ id: bob.id }),
        summary: bobKpis,
        counted: false,
      },
      fail(9, 'Invalid token.'),
    ]);
    expect(totals).toEqual({
      creators_count: 2,
      products_count: 3,
      published_products_count: 1,
      sales_count: 3,
      referrals_count: 1,
      by_currency: [
        { currency: { id: eur.id, code: 'EUR' }, revenue: 7, balance: 7, pending_balance: 0 },
        {
          currency: { id: expect.any(Number), code: 'USD' },
          revenue: 15.5,
          balance: 11.5,
          pending_balance: 3,
        },
      ],
    });
    // No secret comes back, and failed rows say nothing about whose token it was.
    const body = JSON.stringify(res.body);
    for (const token of sent.filter((s): s is string => typeof s === 'string')) {
      expect(body).not.toContain(token.split('|').pop());
    }
    expect(body).not.toContain(listener.email);
    expect(body).not.toContain(carol.email);
  });

  it('fails every row, but not the request, when no token is valid', async () => {
    const me = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, me.email, me.plainPassword);
    const res = await api()
      .post(PATH)
      .set(headers)
      .send({ tokens: ['1|nope', ''] })
      .expect(200);
    expect(res.body.data).toEqual({
      results: [
        { index: 0, success: false, errors_message: 'Invalid token.' },
        { index: 1, success: false, errors_message: 'Invalid token.' },
      ],
      totals: {
        creators_count: 0,
        products_count: 0,
        published_products_count: 0,
        sales_count: 0,
        referrals_count: 0,
        by_currency: [],
      },
    });
  });
});
