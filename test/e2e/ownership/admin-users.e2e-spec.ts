import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Role } from '../../../src/common/auth/role.enum';
import { User } from '../../../src/users/user.entity';
import { createUser } from '../../factories/users.factory';
import { API, JSON_ACCEPT, MISSING_IDS, signIn } from '../../utils/role-helpers';
import { useTestApp } from '../../utils/test-app';

const FIELDS = ['created_at', 'email', 'email_verified_at', 'first_name', 'id', 'last_name', 'roles'];

describe('Admin users API: GET /api/admin/users, PUT /api/admin/users/{id}/roles', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const api = () => request(t.server);
  const rolesOf = async (id: number) => (await t.db.getRepository(User).findOneByOrFail({ id })).roles;

  describe('GET /api/admin/users', () => {
    it('answers 401 anonymous and 403 to every non-admin role', async () => {
      expect((await api().get('/api/admin/users').set(JSON_ACCEPT).expect(401)).body).toEqual(
        API.unauthenticated,
      );
      for (const role of [Role.Listener, Role.Producer, Role.Creator]) {
        const caller = await signIn(t, [role], 'token');
        expect((await api().get('/api/admin/users').set(caller.headers).expect(403)).body).toEqual(
          API.forbidden,
        );
      }
    });

    it('lists every user by id, paginated, never a hash', async () => {
      const admin = await signIn(t, [Role.Admin], 'token');
      const others = [
        await createUser(t.db, { roles: [Role.Producer] }),
        await createUser(t.db, { roles: [] }),
      ];
      const res = await api().get('/api/admin/users?per_page=2').set(admin.headers).expect(200);
      expect(res.body.data.pagination).toEqual({ page: 1, per_page: 2, total: 3, last_page: 2 });
      expect(res.body.data.users.map((u: { id: number }) => u.id)).toEqual([admin.user.id, others[0].id]);
      for (const u of res.body.data.users) expect(Object.keys(u).sort()).toEqual(FIELDS);
      expect(res.body.data.users[1]).toMatchObject({ email: others[0].email, roles: ['producer'] });
      expect(JSON.stringify(res.body)).not.toMatch(/\$2[aby]\$|password/);
      const page2 = await api().get('/api/admin/users?per_page=2&page=2').set(admin.headers).expect(200);
      expect(page2.body.data.users.map((u: { id: number }) => u.id)).toEqual([others[1].id]);
    });

    it('filters by ?q (email or name, wildcards literal) and ?role', async () => {
      const admin = await signIn(t, [Role.Admin], 'token');
      const zed = await createUser(t.db, { firstName: 'Zed', lastName: 'Zulu', roles: [Role.Producer] });
      await createUser(t.db, { firstName: 'Amy', roles: [Role.Listener] });
      const byName = await api().get('/api/admin/users?q=zed%20zu').set(admin.headers).expect(200);
      expect(byName.body.data.users.map((u: { id: number }) => u.id)).toEqual([zed.id]);
      const byEmail = await api()
        .get(`/api/admin/users?q=${encodeURIComponent(zed.email.toUpperCase())}`)
        .set(admin.headers);
      expect(byEmail.body.data.users.map((u: { id: number }) => u.id)).toEqual([zed.id]);
      expect(
        (await api().get('/api/admin/users?q=%25').set(admin.headers).expect(200)).body.data.users,
      ).toEqual([]);
      const producers = await api().get('/api/admin/users?role=producer').set(admin.headers).expect(200);
      expect(producers.body.data.users.map((u: { id: number }) => u.id)).toEqual([zed.id]);
      const bad = await api().get('/api/admin/users?role=root').set(admin.headers).expect(422);
      expect(bad.body.errors).toEqual({ role: ['The selected role is invalid.'] });
    });
  });

  describe('PUT /api/admin/users/{id}/roles', () => {
    it('answers 401 anonymous and 403 to a non-admin, leaving the roles alone', async () => {
      const target = await createUser(t.db, { roles: [Role.Listener] });
      await api()
        .put(`/api/admin/users/${target.id}/roles`)
        .set(JSON_ACCEPT)
        .send({ roles: ['admin'] })
        .expect(401);
      const climber = await signIn(t, [Role.Creator], 'token');
      await api()
        .put(`/api/admin/users/${climber.user.id}/roles`)
        .set(climber.headers)
        .send({ roles: ['admin'] })
        .expect(403);
      await api()
        .put(`/api/admin/users/${target.id}/roles`)
        .set(climber.headers)
        .send({ roles: ['admin'] })
        .expect(403);
      expect(await rolesOf(target.id)).toEqual([Role.Listener]);
      expect(await rolesOf(climber.user.id)).toEqual([Role.Creator]);
    });

    it('answers 404 for no such user (unknown or malformed id)', async () => {
      const admin = await signIn(t, [Role.Admin], 'token');
      for (const id of MISSING_IDS) {
        await api()
          .put(`/api/admin/users/${id}/roles`)
          .set(admin.headers)
          .send({ roles: ['producer'] })
          .expect(404);
      }
    });

    it('answers 422 for an unknown role or a malformed list', async () => {
      const admin = await signIn(t, [Role.Admin], 'token');
      const target = await createUser(t.db, { roles: [Role.Listener] });
      const path = `/api/admin/users/${target.id}/roles`;
      const unknown = await api()
        .put(path)
        .set(admin.headers)
        .send({ roles: ['producer', 'superuser', 7] })
        .expect(422);
      expect(unknown.body).toEqual({
        success: false,
        errors_message: 'The selected roles.1 is invalid.',
        message: 'The selected roles.1 is invalid.',
        data: null,
        errors: {
          'roles.1': ['The selected roles.1 is invalid.'],
          'roles.2': ['The selected roles.2 is invalid.'],
        },
      });
      await api().put(path).set(admin.headers).send({}).expect(422);
      await api().put(path).set(admin.headers).send({ roles: 'producer' }).expect(422);
      expect(await rolesOf(target.id)).toEqual([Role.Listener]);
    });

    it('replaces the roles; the change applies from the user’s next request', async () => {
      const admin = await signIn(t, [Role.Admin], 'token');
      const target = await signIn(t, [Role.Listener]);
      await api().post('/tracks').set(target.headers).send({ title: 'Too early' }).expect(403);

      const res = await api()
        .put(`/api/admin/users/${target.user.id}/roles`)
        .set(admin.headers)
        .send({ roles: ['listener', 'producer', 'producer'] })
        .expect(200);
      expect(res.body.data).toMatchObject({ id: target.user.id, roles: ['listener', 'producer'] });
      expect(await rolesOf(target.user.id)).toEqual([Role.Listener, Role.Producer]);
      // The same session, no new login: now a producer.
      await api().post('/tracks').set(target.headers).send({ title: 'Now' }).expect(201);

      await api()
        .put(`/api/admin/users/${target.user.id}/roles`)
        .set(admin.headers)
        .send({ roles: [] })
        .expect(200);
      expect(await rolesOf(target.user.id)).toEqual([]);
      await api().post('/tracks').set(target.headers).send({ title: 'Again' }).expect(403);
    });

    it('does not let an admin remove their own admin role', async () => {
      const admin = await signIn(t, [Role.Admin], 'token');
      const res = await api()
        .put(`/api/admin/users/${admin.user.id}/roles`)
        .set(admin.headers)
        .send({ roles: ['creator'] })
        .expect(422);
      expect(res.body.errors).toEqual({ roles: ['You cannot remove your own admin role.'] });
      expect(await rolesOf(admin.user.id)).toEqual([Role.Admin]);
      await api()
        .put(`/api/admin/users/${admin.user.id}/roles`)
        .set(admin.headers)
        .send({ roles: ['admin', 'creator'] })
        .expect(200);
    });
  });
});
