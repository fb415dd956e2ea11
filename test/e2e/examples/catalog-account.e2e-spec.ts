import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { BeatRequest } from '../../../src/examples/beatpass/beat-requests/beat-request.entity';
import { Role } from '../../../src/common/auth/role.enum';
import {
  createBeatRequest,
  createConversation,
  createPurchase,
  createTrack,
  follow,
} from '../../factories/resources.factory';
import { createUser } from '../../factories/users.factory';
import { BARE, JSON_ACCEPT, signIn } from '../../utils/role-helpers';
import { useTestApp } from '../../utils/test-app';

describe('BeatPass messaging, beat requests and the producer dashboard', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const api = () => request(t.server);

  describe('GET /messaging/conversations (own only)', () => {
    it('answers 401 to an anonymous caller', async () => {
      const res = await api().get('/messaging/conversations').set(JSON_ACCEPT).expect(401);
      expect(res.body).toEqual(BARE.unauthenticated);
    });

    it('lists only the conversations the caller takes part in, with every participant', async () => {
      const me = await signIn(t, [Role.Listener]);
      const [ana, bo] = [
        await createUser(t.db, { firstName: 'Ana' }),
        await createUser(t.db, { firstName: 'Bo' }),
      ];
      const withAna = await createConversation(t.db, 'Collab?', [me.user, ana]);
      const group = await createConversation(t.db, 'Group', [ana, me.user, bo]);
      await createConversation(t.db, 'Not mine', [ana, bo]);

      const res = await api().get('/messaging/conversations').set(me.headers).expect(200);
      expect(res.body.pagination.total).toBe(2);
      const byId = Object.fromEntries(
        res.body.conversations.map((c: { id: number; participants: { id: number }[] }) => [
          c.id,
          c.participants.map((p) => p.id),
        ]),
      );
      expect(byId).toEqual({
        [withAna.id]: [me.user.id, ana.id].sort((a, b) => a - b),
        [group.id]: [ana.id, me.user.id, bo.id].sort((a, b) => a - b),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/Not mine|email/);

      const outsider = await signIn(t, [Role.Producer], 'token');
      expect(
        (await api().get('/messaging/conversations').set(outsider.headers).expect(200)).body.conversations,
      ).toEqual([]);
    });
  });

  describe('beat requests', () => {
    it('answers 401 to an anonymous caller', async () => {
      await api().post('/beat-requests').set(JSON_ACCEPT).send({ title: 'x' }).expect(401);
      await api().get('/beat-requests').set(JSON_ACCEPT).expect(401);
    });

    it('creates one with {title} or {title, budget} and lists only the caller’s', async () => {
      const me = await signIn(t, [Role.Listener]);
      const other = await createUser(t.db, { roles: [Role.Listener] });
      await createBeatRequest(t.db, other, 'Theirs');

      const a = await api().post('/beat-requests').set(me.headers).send({ title: 'Trap beat' }).expect(201);
      expect(a.body).toEqual({
        id: expect.any(Number),
        title: 'Trap beat',
        budget: null,
        status: 'open',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const b = await api()
        .post('/beat-requests')
        .set(me.headers)
        .send({ title: 'Lo-fi', budget: 49.5 })
        .expect(201);
      expect(b.body.budget).toBe(49.5);
      expect(await t.db.getRepository(BeatRequest).findOneBy({ id: b.body.id })).toMatchObject({
        userId: me.user.id,
        budget: '49.50',
      });

      const list = await api().get('/beat-requests').set(me.headers).expect(200);
      expect(list.body.beat_requests.map((r: { title: string }) => r.title)).toEqual(['Lo-fi', 'Trap beat']);
      expect(list.body.pagination.total).toBe(2);
    });

    it('validates the body (422)', async () => {
      const me = await signIn(t, [Role.Producer]);
      const cases: [object, string, string][] = [
        [{}, 'title', 'The title field is required.'],
        [{ title: '   ' }, 'title', 'The title field is required.'],
        [{ title: 'x', budget: 'lots' }, 'budget', 'The budget field must be a number.'],
        [{ title: 'x', budget: 1e9 }, 'budget', 'The budget field must be between 0 and 99999.99.'],
      ];
      for (const [body, field, message] of cases) {
        const res = await api().post('/beat-requests').set(me.headers).send(body).expect(422);
        expect(res.body).toEqual({ message, errors: { [field]: [message] } });
      }
      expect(await t.db.getRepository(BeatRequest).count()).toBe(0);
    });
  });

  describe('GET /producer-intelligence/dashboard (producers)', () => {
    it('answers 401 anonymous and 403 to a listener or creator', async () => {
      await api().get('/producer-intelligence/dashboard').set(JSON_ACCEPT).expect(401);
      for (const role of [Role.Listener, Role.Creator]) {
        const caller = await signIn(t, [role]);
        const res = await api().get('/producer-intelligence/dashboard').set(caller.headers).expect(403);
        expect(res.body).toEqual(BARE.forbidden);
      }
    });

    it('computes the producer’s own figures from their tracks and purchases', async () => {
      const me = await signIn(t, [Role.Producer]);
      const rival = await createUser(t.db, { roles: [Role.Producer] });
      const [fan1, fan2] = [await createUser(t.db), await createUser(t.db)];
      const hit = await createTrack(t.db, me.user, { title: 'Hit', price: '20.00' });
      const deep = await createTrack(t.db, me.user, { title: 'Deep cut', price: '5.00' });
      await createTrack(t.db, me.user, { title: 'Unsold' });
      const theirs = await createTrack(t.db, rival, { title: 'Rival', price: '99.00' });
      await createPurchase(t.db, fan1, hit, 'completed');
      await createPurchase(t.db, fan2, hit, 'completed', '15.50');
      await createPurchase(t.db, fan1, deep, 'completed');
      await createPurchase(t.db, fan2, deep, 'pending');
      await createPurchase(t.db, fan1, deep, 'failed');
      await createPurchase(t.db, fan1, theirs, 'completed');
      await follow(t.db, fan1, me.user);
      await follow(t.db, fan2, rival);

      const res = await api().get('/producer-intelligence/dashboard').set(me.headers).expect(200);
      expect(res.body).toEqual({
        tracks_count: 3,
        sales_count: 3,
        revenue: 40.5,
        pending_purchases_count: 1,
        followers_count: 1,
        top_tracks: [
          { id: hit.id, title: 'Hit', sales_count: 2, revenue: 35.5 },
          { id: deep.id, title: 'Deep cut', sales_count: 1, revenue: 5 },
        ],
      });
    });

    it('serves an admin (their own, empty figures)', async () => {
      const admin = await signIn(t, [Role.Admin], 'token');
      const res = await api().get('/producer-intelligence/dashboard').set(admin.headers).expect(200);
      expect(res.body).toMatchObject({ tracks_count: 0, sales_count: 0, revenue: 0, top_tracks: [] });
    });
  });
});
