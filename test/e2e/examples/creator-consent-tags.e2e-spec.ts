import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Role } from '../../../src/common/auth/role.enum';
import { ConsentTag } from '../../../src/examples/fangate/consent-tags/consent-tag.entity';
import { createConsentTag, createProduct } from '../../factories/resources.factory';
import { createUser } from '../../factories/users.factory';
import { API, JSON_ACCEPT, MISSING_IDS, signIn } from '../../utils/role-helpers';
import { useTestApp } from '../../utils/test-app';

describe('Fangate consent tags: only the tagged user reads or answers a tag', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const api = () => request(t.server);
  const tagRow = (id: number) => t.db.getRepository(ConsentTag).findOneBy({ id });

  describe('POST /api/products/{product}/consent-tags', () => {
    it('answers 401 anonymous, 403 to a non-owner, 404 for no product', async () => {
      const owner = await createUser(t.db);
      const product = await createProduct(t.db, owner);
      const target = await createUser(t.db);
      const path = `/api/products/${product.id}/consent-tags`;
      expect((await api().post(path).set(JSON_ACCEPT).send({ user_id: target.id }).expect(401)).body).toEqual(
        API.unauthenticated,
      );
      const intruder = await signIn(t, [Role.Creator], 'token');
      expect(
        (await api().post(path).set(intruder.headers).send({ user_id: target.id }).expect(403)).body,
      ).toEqual(API.forbidden);
      const listener = await signIn(t, [Role.Listener], 'token');
      await api().post(path).set(listener.headers).send({ user_id: target.id }).expect(403);
      for (const id of MISSING_IDS) {
        await api()
          .post(`/api/products/${id}/consent-tags`)
          .set(intruder.headers)
          .send({ user_id: target.id })
          .expect(404);
      }
      expect(await t.db.getRepository(ConsentTag).count()).toBe(0);
    });

    it('lets the owner tag a user: 201 pending, without any answer in the body', async () => {
      const me = await signIn(t, [Role.Creator], 'token');
      const product = await createProduct(t.db, me.user);
      const target = await createUser(t.db, { firstName: 'Robin', lastName: 'Cole' });
      const res = await api()
        .post(`/api/products/${product.id}/consent-tags`)
        .set(me.headers)
        .send({ user_id: target.id })
        .expect(201);
      expect(res.body.data).toEqual({
        id: expect.any(Number),
        product_id: product.id,
        tagged_user: { id: target.id, name: 'Robin Cole' },
        created_at: expect.any(String),
      });
      expect(await tagRow(res.body.data.id)).toMatchObject({ taggedUserId: target.id, status: 'pending' });
    });

    it('refuses an unknown user, yourself and a repeat (422)', async () => {
      const me = await signIn(t, [Role.Creator], 'token');
      const product = await createProduct(t.db, me.user);
      const target = await createUser(t.db);
      await createConsentTag(t.db, product, target);
      const cases: [object, string][] = [
        [{}, 'The user id field is required.'],
        [{ user_id: 'x' }, 'The user id field must be an integer.'],
        [{ user_id: 999999 }, 'The selected user id is invalid.'],
        [{ user_id: me.user.id }, 'You cannot tag yourself.'],
        [{ user_id: target.id }, 'This user is already tagged on this product.'],
      ];
      for (const [body, message] of cases) {
        const res = await api()
          .post(`/api/products/${product.id}/consent-tags`)
          .set(me.headers)
          .send(body)
          .expect(422);
        expect(res.body).toMatchObject({ success: false, message, errors: { user_id: [message] } });
      }
      expect(await t.db.getRepository(ConsentTag).count()).toBe(1);
    });
  });

  describe('reading and answering', () => {
    async function scene() {
      const creator = await signIn(t, [Role.Creator], 'token');
      const product = await createProduct(t.db, creator.user, { title: 'Beach shoot' });
      const tagged = await signIn(t, [Role.Creator], 'token');
      const tag = await createConsentTag(t.db, product, tagged.user);
      const bystander = await signIn(t, [Role.Creator], 'token');
      return { creator, product, tagged, tag, bystander };
    }

    it('shows the tag to the tagged user only: the creator and anyone else get 403', async () => {
      const { creator, product, tagged, tag, bystander } = await scene();
      await api().get(`/api/consent-tags/${tag.id}`).set(JSON_ACCEPT).expect(401);
      for (const who of [creator, bystander]) {
        expect((await api().get(`/api/consent-tags/${tag.id}`).set(who.headers).expect(403)).body).toEqual(
          API.forbidden,
        );
      }
      const res = await api().get(`/api/consent-tags/${tag.id}`).set(tagged.headers).expect(200);
      expect(res.body.data).toEqual({
        id: tag.id,
        status: 'pending',
        note: null,
        responded_at: null,
        product: { id: product.id, title: 'Beach shoot' },
        creator: { id: creator.user.id, name: expect.any(String) },
        created_at: expect.any(String),
      });
      for (const id of MISSING_IDS)
        await api().get(`/api/consent-tags/${id}`).set(tagged.headers).expect(404);
    });

    it('lets only the tagged user answer; others get 403 and the row is unchanged', async () => {
      const { creator, tagged, tag, bystander } = await scene();
      const path = `/api/consent-tags/${tag.id}/response`;
      await api().put(path).set(JSON_ACCEPT).send({ status: 'accepted' }).expect(401);
      for (const who of [creator, bystander]) {
        await api().put(path).set(who.headers).send({ status: 'accepted' }).expect(403);
      }
      expect(await tagRow(tag.id)).toMatchObject({ status: 'pending', respondedAt: null });

      const res = await api()
        .put(path)
        .set(tagged.headers)
        .send({ status: 'accepted', note: 'Fine by me' })
        .expect(200);
      expect(res.body.data).toMatchObject({
        status: 'accepted',
        note: 'Fine by me',
        responded_at: expect.any(String),
      });
      // Consent can be withdrawn later.
      await api().put(path).set(tagged.headers).send({ status: 'declined' }).expect(200);
      expect(await tagRow(tag.id)).toMatchObject({ status: 'declined', note: null });

      const bad = await api().put(path).set(tagged.headers).send({ status: 'maybe' }).expect(422);
      expect(bad.body.errors).toEqual({ status: ['The selected status is invalid.'] });
      await api()
        .put('/api/consent-tags/abc/response')
        .set(tagged.headers)
        .send({ status: 'accepted' })
        .expect(404);
    });

    it('lists only the tags naming the caller', async () => {
      const { creator, tagged, tag, product } = await scene();
      await createConsentTag(t.db, product, await createUser(t.db));
      const mine = await api().get('/api/consent-tags').set(tagged.headers).expect(200);
      expect(mine.body.data.map((x: { id: number }) => x.id)).toEqual([tag.id]);
      expect((await api().get('/api/consent-tags').set(creator.headers).expect(200)).body.data).toEqual([]);
      await api().get('/api/consent-tags').set(JSON_ACCEPT).expect(401);
    });

    it('refuses an admin too: a consent answer belongs to the tagged user alone (contract §9)', async () => {
      const { tag } = await scene();
      const admin = await signIn(t, [Role.Admin], 'token');
      await api().get(`/api/consent-tags/${tag.id}`).set(admin.headers).expect(403);
      await api()
        .put(`/api/consent-tags/${tag.id}/response`)
        .set(admin.headers)
        .send({ status: 'declined' })
        .expect(403);
      expect((await t.db.getRepository(ConsentTag).findOneByOrFail({ id: tag.id })).status).toBe('pending');
    });
  });
});
