import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../factories/users.factory';
import { registerViaApi } from '../utils/api';
import { burst, expectAllAnswered } from '../utils/concurrency';
import { useTestApp } from '../utils/test-app';

/**
 * Writes racing a DELETE of the row they hang off: whichever runs second finds the row gone and
 * answers 404 or 409 in JSON, never a 500 (a foreign-key violation or a failed re-read).
 */
describe('writes racing the deletion of their product', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '10000' });

  it('media, consent tags and updates sent with a DELETE answer 2xx, 404, 409 or 422, never 5xx', async () => {
    const { headers } = await registerViaApi(t.server);
    const tagged = await createUser(t.db);
    const statuses: number[] = [];
    for (let round = 0; round < 8; round++) {
      const created = await request(t.server)
        .post('/api/products')
        .set(headers)
        .send({ title: `p${round}` });
      expect(created.status).toBe(201);
      const id = created.body.data.id as number;
      const ops = [
        ...[1, 2, 3].map(() => ({
          owner: 'media',
          go: () =>
            request(t.server)
              .post(`/api/products/${id}/media`)
              .set(headers)
              .send({ kind: 'image', url: 'https://cdn.example.com/a.jpg' }),
        })),
        ...[1, 2].map(() => ({
          owner: 'tag',
          go: () =>
            request(t.server)
              .post(`/api/products/${id}/consent-tags`)
              .set(headers)
              .send({ user_id: tagged.id }),
        })),
        ...[1, 2, 3].map(() => ({
          owner: 'update',
          go: () => request(t.server).put(`/api/products/${id}`).set(headers).send({ title: 'q' }),
        })),
        { owner: 'delete', go: () => request(t.server).delete(`/api/products/${id}`).set(headers) },
      ];
      const answers = expectAllAnswered(await burst(ops, (op) => op.go()));
      for (const res of answers) {
        expect(res.headers['content-type']).toMatch(/application\/json|^$/);
        statuses.push(res.status);
      }
    }
    // 422: the second tag of one user on one product.
    expect(statuses.filter((s) => ![200, 201, 204, 404, 409, 422].includes(s))).toEqual([]);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
