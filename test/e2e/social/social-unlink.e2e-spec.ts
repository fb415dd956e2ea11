import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, type BrowserSession } from '../../utils/auth-helpers';
import { landing, person, SocialFixture, socialLogin, spa, type Provider } from '../../utils/social-flow';
import { resetDatabase, type TestApp } from '../../utils/test-app';
import { eventKinds } from '../../utils/two-factor';

/**
 * DELETE /api/user/social-accounts/{provider}: confirmation and "one way to log in" rules
 * (docs/http-contract.md §8).
 */
describe('social accounts: unlinking', () => {
  const fx = new SocialFixture();
  let t: TestApp;
  beforeAll(async () => {
    t = await fx.start();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    fx.twitter.reset();
  });
  afterAll(() => fx.stop());

  const unlink = (session: BrowserSession, provider: string) =>
    request(t.server).delete(`/api/user/social-accounts/${provider}`).set(spa(session));
  const linked = async (session: BrowserSession): Promise<string[]> => {
    const res = await request(t.server).get('/api/user/social-accounts').set(spa(session)).expect(200);
    return (res.body.data as { provider: string }[]).map((a) => a.provider).sort();
  };
  /** A social-only account (no password) created by a Google login, with more providers linked. */
  const socialOnly = async (...more: Provider[]): Promise<{ id: number; session: BrowserSession }> => {
    fx.setProfile('google', person());
    let { session } = await socialLogin(t, 'google');
    for (const provider of more) {
      fx.setProfile(provider, person());
      const done = await socialLogin(t, provider, { intent: 'link' }, session);
      expect(landing(done.location)).toMatchObject({ status: 'success', intent: 'link' });
      session = done.session;
    }
    const me = await request(t.server).get('/api/user').set(spa(session)).expect(200);
    return { id: me.body.data.id as number, session };
  };
  /** A password account that Google linked at a verified-email login; then a password login (not a confirmation). */
  const passwordUserWithGoogle = async () => {
    const local = await createUser(t.db, { emailVerifiedAt: new Date() });
    fx.setProfile('google', person({ email: local.email, verified: true }));
    expect(landing((await socialLogin(t, 'google')).location)).toMatchObject({ status: 'success' });
    const session = await loginWithSession(t.server, local.email, local.plainPassword);
    return { local, session };
  };

  it('answers 401 without authentication', async () => {
    const res = await request(t.server).delete('/api/user/social-accounts/google').expect(401);
    expect(res.body).toMatchObject({ success: false, message: 'Unauthenticated.' });
  });

  it('needs a recent password confirmation (423) when the account has a password, then unlinks', async () => {
    const { local, session } = await passwordUserWithGoogle();
    const locked = await unlink(session, 'google').expect(423);
    expect(locked.body).toMatchObject({ success: false, message: 'Password confirmation required.' });
    expect(await linked(session)).toEqual(['google']);

    await request(t.server)
      .post('/user/confirm-password')
      .set(session.headers)
      .send({ password: local.plainPassword })
      .expect(201);
    const ok = await unlink(session, 'google').expect(200);
    expect(ok.body).toEqual({ success: true, errors_message: null, data: null });
    expect(await linked(session)).toEqual([]);
    expect(await eventKinds(t, local.id)).toEqual(
      expect.arrayContaining(['social_linked', 'social_unlinked']),
    );
    expect(await t.db.query('SELECT id FROM social_accounts')).toEqual([]);
  });

  it('refuses (422) to remove the only way to log in of an account without a password', async () => {
    const me = await socialOnly();
    const res = await unlink(me.session, 'google').expect(422);
    expect(res.body).toMatchObject({ success: false, data: null });
    expect(res.body.errors).toEqual({ provider: [expect.stringContaining('only way to log in')] });
    expect(await linked(me.session)).toEqual(['google']);
    expect(await eventKinds(t, me.id)).not.toContain('social_unlinked');
  });

  it('unlinks one of two providers without a password or confirmation, but not the last', async () => {
    const me = await socialOnly('facebook');
    expect(await linked(me.session)).toEqual(['facebook', 'google']);
    await unlink(me.session, 'google').expect(200);
    expect(await linked(me.session)).toEqual(['facebook']);
    expect(await eventKinds(t, me.id)).toContain('social_unlinked');
    await unlink(me.session, 'facebook').expect(422);
    expect(await linked(me.session)).toEqual(['facebook']);
  });

  it('answers 404 for an unknown provider and for one that is not linked', async () => {
    const me = await socialOnly('twitter');
    await unlink(me.session, 'github').expect(404);
    await unlink(me.session, 'facebook').expect(404);
    expect(await linked(me.session)).toEqual(['google', 'twitter']);
  });

  it("never touches another user's link", async () => {
    const alice = await socialOnly('facebook');
    const bob = await socialOnly();
    await unlink(bob.session, 'facebook').expect(404);
    expect(await linked(alice.session)).toEqual(['facebook', 'google']);
  });
});
