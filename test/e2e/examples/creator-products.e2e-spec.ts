import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Role } from '../../../src/common/auth/role.enum';
import { ProductMedia } from '../../../src/examples/fangate/products/product-media.entity';
import { Product } from '../../../src/examples/fangate/products/product.entity';
import { createMedia, createProduct } from '../../factories/resources.factory';
import { createUser } from '../../factories/users.factory';
import { API, JSON_ACCEPT, MISSING_IDS, signIn } from '../../utils/role-helpers';
import { useTestApp } from '../../utils/test-app';

describe('Fangate products and media (/api, creators, owner only)', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const api = () => request(t.server);
  const productRow = (id: number) => t.db.getRepository(Product).findOneBy({ id });
  const mediaRows = (productId: number) => t.db.getRepository(ProductMedia).findBy({ productId });

  /** Every product route with a body that would pass validation. */
  const routes = (id: number | string) =>
    [
      { method: 'get', path: `/api/products/${id}` },
      { method: 'put', path: `/api/products/${id}`, body: { title: 'Changed' } },
      { method: 'delete', path: `/api/products/${id}` },
      { method: 'get', path: `/api/products/${id}/media` },
      {
        method: 'post',
        path: `/api/products/${id}/media`,
        body: { kind: 'image', url: 'https://x.test/1.jpg' },
      },
      { method: 'delete', path: `/api/products/${id}/media/1` },
    ] as { method: 'get' | 'put' | 'post' | 'delete'; path: string; body?: object }[];

  it('answers 401 without a token on every route', async () => {
    const product = await createProduct(t.db, await createUser(t.db));
    for (const r of [
      ...routes(product.id),
      { method: 'get', path: '/api/products' },
      { method: 'post', path: '/api/products' },
    ] as ReturnType<typeof routes>) {
      const res = await api()[r.method](r.path).set(JSON_ACCEPT).send(r.body);
      expect({ route: `${r.method} ${r.path}`, status: res.status, body: res.body }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 401,
        body: API.unauthenticated,
      });
    }
  });

  it('answers 403 to a non-creator (listener, producer) on every route', async () => {
    const product = await createProduct(t.db, await createUser(t.db));
    for (const role of [Role.Listener, Role.Producer]) {
      const caller = await signIn(t, [role], 'token');
      await api().get('/api/products').set(caller.headers).expect(403);
      await api().post('/api/products').set(caller.headers).send({ title: 'X' }).expect(403);
      for (const r of routes(product.id)) {
        const res = await api()[r.method](r.path).set(caller.headers).send(r.body);
        expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({
          route: `${r.method} ${r.path}`,
          status: 403,
        });
      }
    }
    expect(await t.db.getRepository(Product).count()).toBe(1);
  });

  it('answers 403 to another creator on every route and changes nothing', async () => {
    const owner = await createUser(t.db);
    const product = await createProduct(t.db, owner, { title: 'Mine' });
    const media = await createMedia(t.db, product);
    const intruder = await signIn(t, [Role.Creator], 'token');
    for (const r of routes(product.id).map((r) => ({
      ...r,
      path: r.path.replace('/media/1', `/media/${media.id}`),
    }))) {
      const res = await api()[r.method](r.path).set(intruder.headers).send(r.body);
      expect({ route: `${r.method} ${r.path}`, status: res.status, body: res.body }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 403,
        body: API.forbidden,
      });
    }
    expect(await productRow(product.id)).toMatchObject({ title: 'Mine', creatorId: owner.id });
    expect(await mediaRows(product.id)).toHaveLength(1);
  });

  it('answers 404 for an unknown or malformed product id', async () => {
    const creator = await signIn(t, [Role.Creator], 'token');
    for (const id of MISSING_IDS) {
      for (const r of routes(id)) {
        const res = await api()[r.method](r.path).set(creator.headers).send(r.body);
        expect({ route: `${r.method} ${r.path}`, status: res.status, success: res.body.success }).toEqual({
          route: `${r.method} ${r.path}`,
          status: 404,
          success: false,
        });
      }
    }
  });

  it('lets the owner create, list (own only), show, update and delete', async () => {
    const me = await signIn(t, [Role.Creator], 'token');
    await createProduct(t.db, await createUser(t.db), { title: 'Someone else’s' });

    const created = await api()
      .post('/api/products')
      .set(me.headers)
      .send({ title: 'Photo set', price: 9.99, description: 'Summer' })
      .expect(201);
    expect(created.body).toEqual({
      success: true,
      errors_message: null,
      data: {
        id: expect.any(Number),
        title: 'Photo set',
        description: 'Summer',
        price: 9.99,
        status: 'draft',
        media: [],
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
    });
    const id = created.body.data.id as number;
    expect(await productRow(id)).toMatchObject({ creatorId: me.user.id, price: '9.99' });

    const list = await api().get('/api/products').set(me.headers).expect(200);
    expect(list.body.data.products.map((p: { id: number }) => p.id)).toEqual([id]);
    expect(list.body.data.pagination.total).toBe(1);

    await api().get(`/api/products/${id}`).set(me.headers).expect(200);
    const updated = await api()
      .put(`/api/products/${id}`)
      .set(me.headers)
      .send({ status: 'published' })
      .expect(200);
    expect(updated.body.data).toMatchObject({ id, title: 'Photo set', status: 'published' });
    expect(await productRow(id)).toMatchObject({ status: 'published' });

    const deleted = await api().delete(`/api/products/${id}`).set(me.headers).expect(200);
    expect(deleted.body).toEqual({ success: true, errors_message: null, data: null });
    expect(await productRow(id)).toBeNull();
    await api().get(`/api/products/${id}`).set(me.headers).expect(404);
  });

  it('validates product bodies (422 in the envelope)', async () => {
    const me = await signIn(t, [Role.Creator], 'token');
    const product = await createProduct(t.db, me.user);
    const cases: [string, 'post' | 'put', object, string, string][] = [
      ['/api/products', 'post', {}, 'title', 'The title field is required.'],
      [
        '/api/products',
        'post',
        { title: 'x', status: 'secret' },
        'status',
        'The selected status is invalid.',
      ],
      [
        '/api/products',
        'post',
        { title: 'x', price: -3 },
        'price',
        'The price field must be between 0 and 99999.99.',
      ],
      [
        `/api/products/${product.id}`,
        'put',
        { price: 'cheap' },
        'price',
        'The price field must be a number.',
      ],
    ];
    for (const [path, method, body, field, message] of cases) {
      const res = await api()[method](path).set(me.headers).send(body).expect(422);
      expect(res.body).toEqual({
        success: false,
        errors_message: message,
        message,
        data: null,
        errors: { [field]: [message] },
      });
    }
    expect(await t.db.getRepository(Product).count()).toBe(1);
  });

  it('lets an admin manage any creator’s product', async () => {
    const owner = await createUser(t.db);
    const product = await createProduct(t.db, owner, { title: 'Theirs' });
    const admin = await signIn(t, [Role.Admin], 'token');
    await api().get(`/api/products/${product.id}`).set(admin.headers).expect(200);
    await api()
      .put(`/api/products/${product.id}`)
      .set(admin.headers)
      .send({ title: 'Moderated' })
      .expect(200);
    expect(await productRow(product.id)).toMatchObject({ title: 'Moderated', creatorId: owner.id });
    // The admin's own list holds only the admin's own products.
    expect((await api().get('/api/products').set(admin.headers).expect(200)).body.data.products).toEqual([]);
  });

  describe('media', () => {
    it('adds, lists and removes media on the owner’s product', async () => {
      const me = await signIn(t, [Role.Creator], 'token');
      const product = await createProduct(t.db, me.user);
      const added = await api()
        .post(`/api/products/${product.id}/media`)
        .set(me.headers)
        .send({ kind: 'video', url: 'https://cdn.example.com/clip.mp4' })
        .expect(201);
      expect(added.body.data).toEqual({
        id: expect.any(Number),
        product_id: product.id,
        kind: 'video',
        url: 'https://cdn.example.com/clip.mp4',
        created_at: expect.any(String),
      });
      const list = await api().get(`/api/products/${product.id}/media`).set(me.headers).expect(200);
      expect(list.body.data.map((m: { id: number }) => m.id)).toEqual([added.body.data.id]);
      const show = await api().get(`/api/products/${product.id}`).set(me.headers).expect(200);
      expect(show.body.data.media).toHaveLength(1);

      await api()
        .delete(`/api/products/${product.id}/media/${added.body.data.id}`)
        .set(me.headers)
        .expect(200);
      expect(await mediaRows(product.id)).toEqual([]);
    });

    it('answers 404 for media that is not on this product (even the caller’s other product)', async () => {
      const me = await signIn(t, [Role.Creator], 'token');
      const [a, b] = [await createProduct(t.db, me.user), await createProduct(t.db, me.user)];
      const onB = await createMedia(t.db, b);
      const foreign = await createMedia(t.db, await createProduct(t.db, await createUser(t.db)));
      for (const mediaId of [onB.id, foreign.id, 'abc', '0', '999999']) {
        await api().delete(`/api/products/${a.id}/media/${mediaId}`).set(me.headers).expect(404);
      }
      expect(await t.db.getRepository(ProductMedia).count()).toBe(2);
    });

    it('validates media bodies (422)', async () => {
      const me = await signIn(t, [Role.Creator], 'token');
      const product = await createProduct(t.db, me.user);
      const cases: [object, string, string][] = [
        [{ url: 'https://x.test/a.jpg' }, 'kind', 'The kind field is required.'],
        [{ kind: 'pdf', url: 'https://x.test/a.pdf' }, 'kind', 'The selected kind is invalid.'],
        [{ kind: 'image', url: 'javascript:alert(1)' }, 'url', 'The url field must be a valid URL.'],
        [{ kind: 'image' }, 'url', 'The url field is required.'],
      ];
      for (const [body, field, message] of cases) {
        const res = await api()
          .post(`/api/products/${product.id}/media`)
          .set(me.headers)
          .send(body)
          .expect(422);
        expect(res.body.errors).toEqual({ [field]: [message] });
      }
      expect(await mediaRows(product.id)).toEqual([]);
    });
  });
});
