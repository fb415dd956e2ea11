import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Purchase } from '../../../src/examples/beatpass/purchases/purchase.entity';
import { Track } from '../../../src/examples/beatpass/tracks/track.entity';
import { Role } from '../../../src/common/auth/role.enum';
import { createPurchase, createTrack } from '../../factories/resources.factory';
import { createUser } from '../../factories/users.factory';
import { BARE, JSON_ACCEPT, MISSING_IDS, signIn } from '../../utils/role-helpers';
import { useTestApp } from '../../utils/test-app';

describe('BeatPass tracks and purchases', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const api = () => request(t.server);
  const trackRow = (id: number) => t.db.getRepository(Track).findOneBy({ id });

  describe('GET /tracks (optional auth)', () => {
    it('serves anonymous callers every producer’s tracks, newest first, without `purchased`', async () => {
      const [a, b] = [
        await createUser(t.db, { roles: [Role.Producer] }),
        await createUser(t.db, { roles: [Role.Producer] }),
      ];
      const first = await createTrack(t.db, a, { title: 'First', price: '9.90' });
      const second = await createTrack(t.db, b, { title: 'Second' });

      const res = await api().get('/tracks').set(JSON_ACCEPT).expect(200);
      expect(res.body.pagination).toEqual({ page: 1, per_page: 20, total: 2, last_page: 1 });
      expect(res.body.tracks.map((x: { id: number }) => x.id)).toEqual([second.id, first.id]);
      expect(res.body.tracks[1]).toEqual({
        id: first.id,
        title: 'First',
        price: 9.9,
        artist: { id: a.id, name: `${a.firstName} ${a.lastName}` },
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/purchased|email|password/);
    });

    it('adds `purchased` (completed purchases only) for an authenticated caller, session or bearer', async () => {
      const producer = await createUser(t.db, { roles: [Role.Producer] });
      const [bought, pending, other] = [
        await createTrack(t.db, producer, { title: 'Bought' }),
        await createTrack(t.db, producer, { title: 'Pending' }),
        await createTrack(t.db, producer, { title: 'Other' }),
      ];
      for (const via of ['session', 'token'] as const) {
        const fan = await signIn(t, [Role.Listener], via);
        await createPurchase(t.db, fan.user, bought, 'completed');
        await createPurchase(t.db, fan.user, pending, 'pending');
        const res = await api().get('/tracks').set(fan.headers).expect(200);
        const flags = Object.fromEntries(
          res.body.tracks.map((x: { title: string; purchased: boolean }) => [x.title, x.purchased]),
        );
        expect(flags).toEqual({ Bought: true, Pending: false, Other: false });
      }
      // Someone else's purchase never shows as the caller's.
      const stranger = await signIn(t, [Role.Listener]);
      const res = await api().get('/tracks').set(stranger.headers).expect(200);
      expect(res.body.tracks.every((x: { purchased: boolean }) => x.purchased === false)).toBe(true);
      expect(other.id).toBeGreaterThan(0);
    });

    it('pages, and answers 422 for a bad page size', async () => {
      const producer = await createUser(t.db, { roles: [Role.Producer] });
      for (let i = 0; i < 3; i++) await createTrack(t.db, producer, { title: `T${i}` });
      const res = await api().get('/tracks?page=2&per_page=2').expect(200);
      expect(res.body.tracks).toHaveLength(1);
      expect(res.body.pagination).toEqual({ page: 2, per_page: 2, total: 3, last_page: 2 });
      const bad = await api().get('/tracks?per_page=500').expect(422);
      expect(bad.body.message).toBe('The per page field must be between 1 and 100.');
    });
  });

  describe('GET /tracks/{id} (optional auth)', () => {
    it('serves an anonymous caller without `purchased`, an authenticated one with it', async () => {
      const producer = await createUser(t.db, { roles: [Role.Producer] });
      const track = await createTrack(t.db, producer, { title: 'Night', price: '12.00' });
      const anon = await api().get(`/tracks/${track.id}`).expect(200);
      expect(anon.body).toMatchObject({
        id: track.id,
        title: 'Night',
        price: 12,
        artist: { id: producer.id },
      });
      expect(anon.body).not.toHaveProperty('purchased');

      const fan = await signIn(t, [Role.Listener]);
      expect((await api().get(`/tracks/${track.id}`).set(fan.headers).expect(200)).body.purchased).toBe(
        false,
      );
      await createPurchase(t.db, fan.user, track);
      expect((await api().get(`/tracks/${track.id}`).set(fan.headers).expect(200)).body.purchased).toBe(true);
    });

    it('treats an invalid or expired credential as anonymous on an optional-auth route', async () => {
      const producer = await createUser(t.db, { roles: [Role.Producer] });
      const track = await createTrack(t.db, producer);
      const res = await api()
        .get(`/tracks/${track.id}`)
        .set({ Authorization: 'Bearer 1|not-a-real-token', Accept: 'application/json' })
        .expect(200);
      expect(res.body).not.toHaveProperty('purchased');
    });

    it('answers 404 for an unknown or malformed id, never a 500', async () => {
      for (const id of MISSING_IDS) {
        const res = await api().get(`/tracks/${id}`).set(JSON_ACCEPT);
        expect({ id, status: res.status }).toEqual({ id, status: 404 });
        expect(res.body).toEqual({ message: expect.any(String) });
      }
    });
  });

  describe('POST /tracks (producers)', () => {
    it('answers 401 to an anonymous caller', async () => {
      const res = await api().post('/tracks').set(JSON_ACCEPT).send({ title: 'X' }).expect(401);
      expect(res.body).toEqual(BARE.unauthenticated);
    });

    it('answers 403 to a listener or a creator and stores nothing', async () => {
      for (const role of [Role.Listener, Role.Creator]) {
        const caller = await signIn(t, [role]);
        const res = await api().post('/tracks').set(caller.headers).send({ title: 'X' }).expect(403);
        expect(res.body).toEqual(BARE.forbidden);
      }
      expect(await t.db.getRepository(Track).count()).toBe(0);
    });

    it('needs the CSRF token on a session request (419 before anything else)', async () => {
      const producer = await signIn(t, [Role.Producer]);
      const { 'X-XSRF-TOKEN': _omitted, ...headers } = producer.headers;
      const res = await api().post('/tracks').set(headers).send({ title: 'X' }).expect(419);
      expect(res.body).toEqual({ message: 'CSRF token mismatch.' });
    });

    it('creates the track for a producer (price defaults to 0) and for an admin', async () => {
      const producer = await signIn(t, [Role.Producer]);
      const res = await api().post('/tracks').set(producer.headers).send({ title: '  Dawn  ' }).expect(201);
      expect(res.body).toMatchObject({ title: 'Dawn', price: 0, artist: { id: producer.user.id } });
      expect(res.body).not.toHaveProperty('purchased');
      expect(await trackRow(res.body.id)).toMatchObject({ producerId: producer.user.id, price: '0.00' });

      const admin = await signIn(t, [Role.Admin], 'token');
      const byAdmin = await api()
        .post('/tracks')
        .set(admin.headers)
        .send({ title: 'Admin', price: 1.5 })
        .expect(201);
      expect(await trackRow(byAdmin.body.id)).toMatchObject({ producerId: admin.user.id, price: '1.50' });
    });

    it('validates the body (422, the first failing rule of each field)', async () => {
      const producer = await signIn(t, [Role.Producer]);
      const cases: [unknown, string, string][] = [
        [{}, 'title', 'The title field is required.'],
        [{ title: 42 }, 'title', 'The title field must be a string.'],
        [{ title: 'x'.repeat(201) }, 'title', 'The title field must not be greater than 200 characters.'],
        [{ title: 'ok', price: 'free' }, 'price', 'The price field must be a number.'],
        [{ title: 'ok', price: -1 }, 'price', 'The price field must be between 0 and 99999.99.'],
        [{ title: 'ok', price: 1.234 }, 'price', 'The price field must be a number.'],
      ];
      for (const [body, field, message] of cases) {
        const res = await api()
          .post('/tracks')
          .set(producer.headers)
          .send(body as object)
          .expect(422);
        expect(res.body).toEqual({ message, errors: { [field]: [message] } });
      }
      expect(await t.db.getRepository(Track).count()).toBe(0);
    });
  });

  describe('PUT /tracks/{track} (owner or admin)', () => {
    it('answers 401 anonymous, 403 to another producer or a listener (row unchanged), 404 for no track', async () => {
      const owner = await createUser(t.db, { roles: [Role.Producer] });
      const track = await createTrack(t.db, owner, { title: 'Mine' });
      await api().put(`/tracks/${track.id}`).set(JSON_ACCEPT).send({ title: 'Hijack' }).expect(401);
      for (const role of [Role.Producer, Role.Listener]) {
        const other = await signIn(t, [role]);
        const res = await api()
          .put(`/tracks/${track.id}`)
          .set(other.headers)
          .send({ title: 'Hijack' })
          .expect(403);
        expect(res.body).toEqual(BARE.forbidden);
        // Authorization comes before validation: an invalid body from a stranger is still a 403.
        await api().put(`/tracks/${track.id}`).set(other.headers).send({ price: -5 }).expect(403);
      }
      expect(await trackRow(track.id)).toMatchObject({ title: 'Mine', price: '10.00' });

      const producer = await signIn(t, [Role.Producer]);
      for (const id of MISSING_IDS) {
        await api().put(`/tracks/${id}`).set(producer.headers).send({ title: 'X' }).expect(404);
      }
    });

    it('lets the owner and an admin update it', async () => {
      const owner = await signIn(t, [Role.Producer]);
      const track = await createTrack(t.db, owner.user, { title: 'Draft' });
      const res = await api()
        .put(`/tracks/${track.id}`)
        .set(owner.headers)
        .send({ title: 'Final', price: 19.99 })
        .expect(200);
      expect(res.body).toMatchObject({
        id: track.id,
        title: 'Final',
        price: 19.99,
        artist: { id: owner.user.id },
      });
      expect(await trackRow(track.id)).toMatchObject({ title: 'Final', price: '19.99' });

      const admin = await signIn(t, [Role.Admin]);
      await api().put(`/tracks/${track.id}`).set(admin.headers).send({ price: 5 }).expect(200);
      expect(await trackRow(track.id)).toMatchObject({
        title: 'Final',
        price: '5.00',
        producerId: owner.user.id,
      });

      const bad = await api().put(`/tracks/${track.id}`).set(owner.headers).send({ price: 'x' }).expect(422);
      expect(bad.body.errors).toEqual({ price: ['The price field must be a number.'] });
    });
  });

  describe('POST /tracks/{track}/purchase/initiate', () => {
    it('answers 401 anonymous, 404 for no track, 403 for your own track', async () => {
      const owner = await signIn(t, [Role.Producer]);
      const track = await createTrack(t.db, owner.user);
      await api().post(`/tracks/${track.id}/purchase/initiate`).set(JSON_ACCEPT).expect(401);
      for (const id of MISSING_IDS)
        await api().post(`/tracks/${id}/purchase/initiate`).set(owner.headers).expect(404);
      await api().post(`/tracks/${track.id}/purchase/initiate`).set(owner.headers).expect(403);
      expect(await t.db.getRepository(Purchase).count()).toBe(0);
    });

    it('creates one pending purchase at the track price; again returns it; a bought track is a 409', async () => {
      const producer = await createUser(t.db, { roles: [Role.Producer] });
      const track = await createTrack(t.db, producer, { title: 'Buy me', price: '29.99' });
      const fan = await signIn(t, [Role.Listener]);

      const first = await api().post(`/tracks/${track.id}/purchase/initiate`).set(fan.headers).expect(201);
      expect(first.body).toEqual({
        id: expect.any(Number),
        status: 'pending',
        amount: 29.99,
        track: { id: track.id, title: 'Buy me', artist: { id: producer.id, name: expect.any(String) } },
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const again = await api().post(`/tracks/${track.id}/purchase/initiate`).set(fan.headers).expect(200);
      expect(again.body.id).toBe(first.body.id);
      expect(await t.db.getRepository(Purchase).findBy({ trackId: track.id })).toEqual([
        expect.objectContaining({ userId: fan.user.id, status: 'pending', amount: '29.99' }),
      ]);

      // Still not `purchased` while pending; a completed purchase blocks another.
      expect((await api().get(`/tracks/${track.id}`).set(fan.headers).expect(200)).body.purchased).toBe(
        false,
      );
      await t.db.getRepository(Purchase).update({ id: first.body.id }, { status: 'completed' });
      const bought = await api().post(`/tracks/${track.id}/purchase/initiate`).set(fan.headers).expect(409);
      expect(bought.body).toEqual({ message: 'You have already purchased this track.' });
    });

    it('keeps one pending purchase under concurrent initiations', async () => {
      const producer = await createUser(t.db, { roles: [Role.Producer] });
      const track = await createTrack(t.db, producer);
      const fan = await signIn(t, [Role.Listener], 'token');
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => api().post(`/tracks/${track.id}/purchase/initiate`).set(fan.headers)),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(await t.db.getRepository(Purchase).countBy({ trackId: track.id })).toBe(1);
    });

    it('lets an admin start a purchase too', async () => {
      const producer = await createUser(t.db, { roles: [Role.Producer] });
      const track = await createTrack(t.db, producer);
      const admin = await signIn(t, [Role.Admin], 'token');
      await api().post(`/tracks/${track.id}/purchase/initiate`).set(admin.headers).expect(201);
    });
  });

  describe('GET /purchases (own only)', () => {
    it('answers 401 anonymous', async () => {
      expect((await api().get('/purchases').set(JSON_ACCEPT).expect(401)).body).toEqual(BARE.unauthenticated);
    });

    it("lists the caller's purchases only, newest first", async () => {
      const producer = await createUser(t.db, { roles: [Role.Producer] });
      const [x, y] = [
        await createTrack(t.db, producer, { title: 'X' }),
        await createTrack(t.db, producer, { title: 'Y' }),
      ];
      const me = await signIn(t, [Role.Listener]);
      const other = await createUser(t.db, { roles: [Role.Listener] });
      const mine1 = await createPurchase(t.db, me.user, x, 'completed');
      const mine2 = await createPurchase(t.db, me.user, y, 'pending');
      await createPurchase(t.db, other, x, 'completed');

      const res = await api().get('/purchases').set(me.headers).expect(200);
      expect(res.body.purchases.map((p: { id: number }) => p.id)).toEqual([mine2.id, mine1.id]);
      expect(res.body.purchases[0]).toMatchObject({ status: 'pending', track: { id: y.id, title: 'Y' } });
      expect(res.body.pagination.total).toBe(2);

      const theirs = await signIn(t, [Role.Producer]);
      expect((await api().get('/purchases').set(theirs.headers).expect(200)).body.purchases).toEqual([]);
    });
  });
});
