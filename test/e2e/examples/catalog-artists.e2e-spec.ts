import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ArtistFollow } from '../../../src/examples/beatpass/artists/artist-follow.entity';
import { Role } from '../../../src/common/auth/role.enum';
import { createPurchase, createTrack, follow } from '../../factories/resources.factory';
import { createUser } from '../../factories/users.factory';
import { BARE, JSON_ACCEPT, MISSING_IDS, signIn } from '../../utils/role-helpers';
import { useTestApp } from '../../utils/test-app';

describe('BeatPass artists, follows and search', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const api = () => request(t.server);
  const follows = () => t.db.getRepository(ArtistFollow).find({ order: { followerId: 'ASC' } });
  const producer = (firstName = 'Casey', lastName = 'Beats') =>
    createUser(t.db, { roles: [Role.Producer], firstName, lastName });

  describe('GET /artists/{id} (optional auth)', () => {
    it('serves an anonymous caller the profile without `following`', async () => {
      const artist = await producer();
      await createTrack(t.db, artist);
      await follow(t.db, await createUser(t.db, { roles: [Role.Listener] }), artist);
      const res = await api().get(`/artists/${artist.id}`).set(JSON_ACCEPT).expect(200);
      expect(res.body).toEqual({
        id: artist.id,
        name: 'Casey Beats',
        avatar_url: null,
        tracks_count: 1,
        followers_count: 1,
      });
    });

    it('adds `following` for an authenticated caller', async () => {
      const artist = await producer();
      const fan = await signIn(t, [Role.Listener]);
      expect((await api().get(`/artists/${artist.id}`).set(fan.headers).expect(200)).body.following).toBe(
        false,
      );
      await follow(t.db, fan.user, artist);
      expect((await api().get(`/artists/${artist.id}`).set(fan.headers).expect(200)).body.following).toBe(
        true,
      );
    });

    it('answers 404 for a user who is not a producer, and for unknown or malformed ids', async () => {
      const listener = await createUser(t.db, { roles: [Role.Listener] });
      await api().get(`/artists/${listener.id}`).expect(404);
      for (const id of MISSING_IDS) await api().get(`/artists/${id}`).expect(404);
    });
  });

  describe('POST and DELETE /artists/{artist}/follow', () => {
    it('answers 401 to an anonymous caller and 404 for a non-artist', async () => {
      const artist = await producer();
      const res = await api().post(`/artists/${artist.id}/follow`).set(JSON_ACCEPT).expect(401);
      expect(res.body).toEqual(BARE.unauthenticated);
      await api().delete(`/artists/${artist.id}/follow`).set(JSON_ACCEPT).expect(401);
      const fan = await signIn(t, [Role.Listener]);
      await api().post(`/artists/${fan.user.id}/follow`).set(fan.headers).expect(404);
      await api().post('/artists/abc/follow').set(fan.headers).expect(404);
      expect(await follows()).toEqual([]);
    });

    it('follows (idempotently) and unfollows, touching only the caller’s own follow', async () => {
      const artist = await producer();
      const other = await createUser(t.db, { roles: [Role.Listener] });
      await follow(t.db, other, artist);
      const fan = await signIn(t, [Role.Listener]);

      for (let i = 0; i < 2; i++) {
        const res = await api().post(`/artists/${artist.id}/follow`).set(fan.headers).expect(200);
        expect(res.body).toEqual({ following: true, followers_count: 2 });
      }
      expect((await follows()).map((f) => [f.followerId, f.artistId])).toEqual(
        [
          [other.id, artist.id],
          [fan.user.id, artist.id],
        ].sort((a, b) => a[0] - b[0]),
      );
      const res = await api().delete(`/artists/${artist.id}/follow`).set(fan.headers).expect(200);
      expect(res.body).toEqual({ following: false, followers_count: 1 });
      expect((await follows()).map((f) => f.followerId)).toEqual([other.id]);
    });

    it('refuses to follow yourself (422)', async () => {
      const me = await signIn(t, [Role.Producer]);
      const res = await api().post(`/artists/${me.user.id}/follow`).set(me.headers).expect(422);
      expect(res.body).toEqual({
        message: 'You cannot follow yourself.',
        errors: { artist: ['You cannot follow yourself.'] },
      });
    });

    it('works for a bearer-token caller and an admin as well', async () => {
      const artist = await producer();
      const admin = await signIn(t, [Role.Admin], 'token');
      await api().post(`/artists/${artist.id}/follow`).set(admin.headers).expect(200);
      expect(await follows()).toEqual([expect.objectContaining({ followerId: admin.user.id })]);
    });
  });

  describe('GET /search?q= (optional auth)', () => {
    it('finds tracks by title and artists by name, without caller-specific fields when anonymous', async () => {
      const midnight = await producer('Midnight', 'Crew');
      const sun = await producer('Sunny', 'Side');
      const t1 = await createTrack(t.db, sun, { title: 'Midnight Drive' });
      await createTrack(t.db, midnight, { title: 'Morning Coffee' });
      // A listener named like the query is not an artist.
      await createUser(t.db, { roles: [Role.Listener], firstName: 'Midnight', lastName: 'Listener' });

      const res = await api().get('/search?q=midnight').expect(200);
      expect(res.body.query).toBe('midnight');
      expect(res.body.tracks.map((x: { id: number }) => x.id)).toEqual([t1.id]);
      expect(res.body.artists).toEqual([{ id: midnight.id, name: 'Midnight Crew', avatar_url: null }]);
      expect(JSON.stringify(res.body)).not.toMatch(/purchased|following|email/);
    });

    it('adds `purchased` and `following` for an authenticated caller', async () => {
      const artist = await producer('Nova', 'Keys');
      const track = await createTrack(t.db, artist, { title: 'Nova Theme' });
      const fan = await signIn(t, [Role.Listener]);
      await createPurchase(t.db, fan.user, track);
      await follow(t.db, fan.user, artist);
      const res = await api().get('/search?q=nova').set(fan.headers).expect(200);
      expect(res.body.tracks).toEqual([expect.objectContaining({ id: track.id, purchased: true })]);
      expect(res.body.artists).toEqual([expect.objectContaining({ id: artist.id, following: true })]);
    });

    it('takes LIKE wildcards literally and requires q (422)', async () => {
      const artist = await producer();
      await createTrack(t.db, artist, { title: '100% Pure' });
      await createTrack(t.db, artist, { title: 'Plain' });
      expect((await api().get('/search?q=%25').expect(200)).body.tracks).toHaveLength(1);
      expect((await api().get('/search?q=_').expect(200)).body.tracks).toHaveLength(0);
      for (const q of ['', '?q=', '?q=%20%20']) {
        const res = await api().get(`/search${q}`).expect(422);
        expect(res.body).toEqual({
          message: 'The q field is required.',
          errors: { q: ['The q field is required.'] },
        });
      }
    });
  });
});
