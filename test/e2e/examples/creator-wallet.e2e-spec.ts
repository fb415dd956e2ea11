import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Role } from '../../../src/common/auth/role.enum';
import { InviteCode } from '../../../src/examples/fangate/accounts/invite-code.entity';
import { createProduct, createTransaction } from '../../factories/resources.factory';
import { createUser } from '../../factories/users.factory';
import { API, JSON_ACCEPT, signIn } from '../../utils/role-helpers';
import { useTestApp } from '../../utils/test-app';

describe('Fangate wallet, affiliate and dashboard summaries (the caller’s own rows only)', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const api = () => request(t.server);
  const PATHS = [
    '/api/wallet/summary',
    '/api/wallet/transactions',
    '/api/affiliate/summary',
    '/api/dashboard/summary',
  ];

  /** The caller's rows plus someone else's, which must never count. */
  async function scene() {
    const me = await signIn(t, [Role.Creator], 'token');
    const other = await createUser(t.db, { roles: [Role.Creator] });
    const product = await createProduct(t.db, me.user, { status: 'published' });
    await createProduct(t.db, me.user);
    await createProduct(t.db, other);
    await createTransaction(t.db, me.user, 'sale', '10.00', 'completed', product.id);
    await createTransaction(t.db, me.user, 'sale', '5.55', 'completed', product.id);
    await createTransaction(t.db, me.user, 'sale', '3.00', 'pending', product.id);
    await createTransaction(t.db, me.user, 'sale', '8.00', 'failed', product.id);
    await createTransaction(t.db, me.user, 'affiliate_commission', '1.10', 'completed');
    await createTransaction(t.db, me.user, 'affiliate_commission', '0.40', 'pending');
    await createTransaction(t.db, me.user, 'payout', '-4.00', 'completed');
    await createTransaction(t.db, other, 'sale', '1000.00');
    await createUser(t.db, { referredById: me.user.id });
    await createUser(t.db, { referredById: me.user.id });
    await createUser(t.db, { referredById: other.id });
    await t.db.getRepository(InviteCode).insert({ code: 'MYCODE2030', affiliateId: me.user.id });
    await t.db.getRepository(InviteCode).insert({ code: 'THEIRS2030', affiliateId: other.id });
    return { me, other };
  }

  it('answers 401 without a token', async () => {
    for (const path of PATHS) {
      expect((await api().get(path).set(JSON_ACCEPT).expect(401)).body).toEqual(API.unauthenticated);
    }
  });

  it('computes the wallet summary from the caller’s ledger', async () => {
    const { me } = await scene();
    const res = await api().get('/api/wallet/summary').set(me.headers).expect(200);
    expect(res.body).toEqual({
      success: true,
      errors_message: null,
      data: {
        currency: { id: expect.any(Number), code: 'USD' },
        balance: 12.65,
        pending: 3.4,
        lifetime_earnings: 16.65,
        paid_out: 4,
        transactions_count: 7,
      },
    });
  });

  it('lists only the caller’s transactions, newest first', async () => {
    const { me } = await scene();
    const res = await api().get('/api/wallet/transactions?per_page=3').set(me.headers).expect(200);
    expect(res.body.data.pagination).toEqual({ page: 1, per_page: 3, total: 7, last_page: 3 });
    expect(res.body.data.transactions[0]).toMatchObject({ kind: 'payout', status: 'completed', amount: -4 });
    const all = await api().get('/api/wallet/transactions').set(me.headers).expect(200);
    expect(all.body.data.transactions.map((x: { amount: number }) => x.amount)).not.toContain(1000);
  });

  it('computes the affiliate summary from the caller’s referrals and commissions', async () => {
    const { me } = await scene();
    const res = await api().get('/api/affiliate/summary').set(me.headers).expect(200);
    expect(res.body.data).toEqual({
      invite_code: 'MYCODE2030',
      referrals_count: 2,
      currency: { id: expect.any(Number), code: 'USD' },
      commission_earned: 1.1,
      commission_pending: 0.4,
    });
  });

  it('computes the dashboard summary for the caller', async () => {
    const { me } = await scene();
    const res = await api().get('/api/dashboard/summary').set(me.headers).expect(200);
    expect(res.body.data).toEqual({
      creator: { id: me.user.id, email: me.user.email, name: `${me.user.firstName} ${me.user.lastName}` },
      currency: { id: expect.any(Number), code: 'USD' },
      products_count: 2,
      published_products_count: 1,
      sales_count: 2,
      revenue: 15.55,
      balance: 12.65,
      pending_balance: 3.4,
      referrals_count: 2,
    });
  });

  it('shows a new account zeros, whatever others hold (session callers too)', async () => {
    await scene();
    const fresh = await signIn(t, [Role.Listener]);
    const wallet = await api().get('/api/wallet/summary').set(fresh.headers).expect(200);
    expect(wallet.body.data).toMatchObject({
      balance: 0,
      pending: 0,
      lifetime_earnings: 0,
      transactions_count: 0,
    });
    const affiliate = await api().get('/api/affiliate/summary').set(fresh.headers).expect(200);
    expect(affiliate.body.data).toMatchObject({
      invite_code: null,
      referrals_count: 0,
      commission_earned: 0,
    });
    const list = await api().get('/api/wallet/transactions').set(fresh.headers).expect(200);
    expect(list.body.data.transactions).toEqual([]);
  });
});
