import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, type BrowserSession } from '../../utils/auth-helpers';
import {
  landing,
  person,
  SocialFixture,
  socialLogin,
  spa,
  type Provider,
  type SocialPerson,
} from '../../utils/social-flow';
import { resetDatabase, type TestApp } from '../../utils/test-app';
import { eventKinds } from '../../utils/two-factor';

/** The email-collision rule and linking from account settings (docs/http-contract.md §8). */
describe('social accounts: email collisions and linking', () => {
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

  const links = (userId: number) =>
    t.db.query('SELECT provider, provider_user_id FROM social_accounts WHERE user_id = $1', [userId]);
  const userCount = async () =>
    ((await t.db.query('SELECT count(*)::int AS n FROM users')) as { n: number }[])[0].n;
  /** A local account with a password; its email verified or not. */
  const localUser = (verified: boolean) =>
    createUser(t.db, { emailVerifiedAt: verified ? new Date() : null });
  const profileFor = (provider: Provider, email: string, extra: Partial<SocialPerson> = {}) => {
    const who = person({ email, ...extra });
    fx.setProfile(provider, who);
    return who;
  };

  describe('email collision', () => {
    it('links automatically when Google asserts the address and the local one is verified', async () => {
      const local = await localUser(true);
      // Case differences do not make a different address.
      const who = profileFor('google', local.email.toUpperCase(), { verified: true });
      const done = await socialLogin(t, 'google');
      expect(landing(done.location)).toEqual({ status: 'success', provider: 'google' });
      const me = await request(t.server).get('/api/user').set(spa(done.session)).expect(200);
      expect(me.body.data).toMatchObject({ id: local.id, email: local.email, social_accounts: ['google'] });
      expect(await userCount()).toBe(1);
      expect(await links(local.id)).toEqual([{ provider: 'google', provider_user_id: who.id }]);
      // The local account keeps its password and names.
      const [row] = (await t.db.query('SELECT password, first_name FROM users')) as {
        password: string;
        first_name: string;
      }[];
      expect(row.password).toBe(local.password);
      expect(row.first_name).toBe(local.firstName);
      expect(await eventKinds(t, local.id)).toEqual(
        expect.arrayContaining(['social_linked', 'social_login']),
      );
    });

    it('refuses (account_exists) when the local address is not verified', async () => {
      const local = await localUser(false);
      profileFor('google', local.email, { verified: true });
      const done = await socialLogin(t, 'google');
      expect(landing(done.location)).toEqual({
        status: 'error',
        error: 'account_exists',
        provider: 'google',
      });
      await request(t.server).get('/api/user').set(spa(done.session)).expect(401);
      expect(await links(local.id)).toEqual([]);
      expect(await userCount()).toBe(1);
    });

    it('refuses (account_exists) when Google does not assert the address', async () => {
      const local = await localUser(true);
      profileFor('google', local.email, { verified: false });
      const done = await socialLogin(t, 'google');
      expect(landing(done.location)).toMatchObject({ status: 'error', error: 'account_exists' });
      expect(await links(local.id)).toEqual([]);
    });

    it.each(['facebook', 'twitter'] as const)(
      'refuses (account_exists) for %s, which never asserts a verified address',
      async (provider) => {
        const local = await localUser(true);
        profileFor(provider, local.email);
        const done = await socialLogin(t, provider);
        expect(landing(done.location)).toEqual({ status: 'error', error: 'account_exists', provider });
        await request(t.server).get('/api/user').set(spa(done.session)).expect(401);
        expect(await links(local.id)).toEqual([]);
        expect(await userCount()).toBe(1);
      },
    );
  });

  describe('linking from account settings (intent=link)', () => {
    const loggedIn = async (): Promise<{ id: number; session: BrowserSession; password: string }> => {
      const local = await localUser(true);
      const session = await loginWithSession(t.server, local.email, local.plainPassword);
      return { id: local.id, session, password: local.plainPassword };
    };
    const confirm = (session: BrowserSession, password: string) =>
      request(t.server).post('/user/confirm-password').set(session.headers).send({ password }).expect(201);

    it('answers 401 to an anonymous browser', async () => {
      const res = await request(t.server).get('/auth/google/redirect?intent=link').expect(401);
      expect(res.body).toEqual({ message: 'Unauthenticated.' });
    });

    it('needs a recent password confirmation (423), then links', async () => {
      const me = await loggedIn();
      const locked = await request(t.server)
        .get('/auth/google/redirect?intent=link')
        .set('Cookie', me.session.cookie)
        .expect(423);
      expect(locked.body).toEqual({ message: 'Password confirmation required.' });

      await confirm(me.session, me.password);
      // A Facebook identity with another address than the local one: linking does not need a match.
      const who = profileFor('facebook', 'someone-else@example.com');
      const done = await socialLogin(t, 'facebook', { intent: 'link' }, me.session);
      expect(landing(done.location)).toEqual({ status: 'success', provider: 'facebook', intent: 'link' });
      const list = await request(t.server)
        .get('/api/user/social-accounts')
        .set(spa(done.session))
        .expect(200);
      expect(list.body.data.map((a: { provider: string }) => a.provider)).toEqual(['facebook']);
      expect(await links(me.id)).toEqual([{ provider: 'facebook', provider_user_id: who.id }]);
      expect(await userCount()).toBe(1);
      expect(await eventKinds(t, me.id)).toContain('social_linked');

      // Afterwards the identity logs in to this account.
      const later = await socialLogin(t, 'facebook');
      const user = await request(t.server).get('/api/user').set(spa(later.session)).expect(200);
      expect(user.body.data.id).toBe(me.id);
    });

    it.each(['google', 'twitter'] as const)('links %s after confirmation', async (provider) => {
      const me = await loggedIn();
      await confirm(me.session, me.password);
      profileFor(provider, `${provider}-${me.id}@elsewhere.example.com`);
      const done = await socialLogin(t, provider, { intent: 'link' }, me.session);
      expect(landing(done.location)).toEqual({ status: 'success', provider, intent: 'link' });
      expect(await links(me.id)).toHaveLength(1);
    });

    it('refuses an identity that is linked to another user (already_linked)', async () => {
      const owner = person();
      fx.setProfile('google', owner);
      await socialLogin(t, 'google'); // creates the owner's account
      const me = await loggedIn();
      await confirm(me.session, me.password);
      const done = await socialLogin(t, 'google', { intent: 'link' }, me.session);
      expect(landing(done.location)).toEqual({
        status: 'error',
        error: 'already_linked',
        provider: 'google',
      });
      expect(await links(me.id)).toEqual([]);
      // The linking user stays logged in; the owner keeps the identity.
      await request(t.server).get('/api/user').set(spa(done.session)).expect(200);
      const rows = await t.db.query('SELECT provider_user_id FROM social_accounts');
      expect(rows).toEqual([{ provider_user_id: owner.id }]);
    });

    it('refuses a second identity of a provider that is already linked (already_linked)', async () => {
      const me = await loggedIn();
      await confirm(me.session, me.password);
      const first = profileFor('google', 'first@elsewhere.example.com');
      await socialLogin(t, 'google', { intent: 'link' }, me.session);
      profileFor('google', 'second@elsewhere.example.com');
      const done = await socialLogin(t, 'google', { intent: 'link' }, me.session);
      expect(landing(done.location)).toMatchObject({ status: 'error', error: 'already_linked' });
      expect(await links(me.id)).toEqual([{ provider: 'google', provider_user_id: first.id }]);
    });

    it('lets a social-only account (no password) link without confirmation', async () => {
      fx.setProfile('google', person());
      const first = await socialLogin(t, 'google');
      fx.setProfile('twitter', person());
      const done = await socialLogin(t, 'twitter', { intent: 'link' }, first.session);
      expect(landing(done.location)).toMatchObject({ status: 'success', intent: 'link' });
      const me = await request(t.server).get('/api/user').set(spa(done.session)).expect(200);
      expect([...me.body.data.social_accounts].sort()).toEqual(['google', 'twitter']);
    });
  });
});
