import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { bearer, burst, crossedIdentities, interleave } from '../utils/concurrency';
import { createTestApp, resetDatabase, type TestApp } from '../utils/test-app';

const PASSWORD = 'Queue-Storm-Passphrase-2026';

async function register(
  t: TestApp,
  i: number,
): Promise<{ id: number; email: string; plainPassword: string }> {
  const email = `queue-${i}-${Date.now()}@example.com`;
  const res = await request(t.server)
    .post('/api/register')
    .set('Accept', 'application/json')
    .send({ email, password: PASSWORD, first_name: 'Queue', last_name: 'Storm', birth_date: '1990-01-01' })
    .expect(201);
  const me = await request(t.server).get('/api/user').set(bearer(res.body.data.token)).expect(200);
  return { id: me.body.data.id as number, email, plainPassword: PASSWORD };
}

/**
 * Logins past the bounded hash queue (one hash at a time, two waiting) answer 503 at once, with
 * Retry-After and the envelope, instead of queueing without end; the logins let through still hand
 * each account its own token, and nothing answers 500 or hangs.
 */
describe('login storm past the password hash queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Cost 12 (about 0.25 s a compare here): the burst arrives faster than one hash at a time drains it.
    t = await createTestApp({
      BCRYPT_ROUNDS: '12',
      PASSWORD_HASH_CONCURRENCY: '1',
      PASSWORD_HASH_QUEUE: '2',
      IP_RATE_LIMIT: '10000',
    });
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  it('answers 30 concurrent logins of 6 accounts with their own tokens or 503 + Retry-After, never 500', async () => {
    // Registered through the API, so that their hashes have the app's cost (the factory's are cheap).
    const users = [];
    for (let i = 0; i < 6; i++) users.push(await register(t, i));
    const sent = await burst(
      interleave(
        users.map((u) => ({ owner: u.id, user: u })),
        30,
      ),
      (o) =>
        request(t.server)
          .post('/api/login')
          .set('Accept', 'application/json')
          .send({ email: o.user.email, password: o.user.plainPassword }),
    );
    expect(sent.filter((s) => s.error)).toEqual([]);
    const statuses = sent.map((s) => s.res!.status);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);

    const busy = sent.filter((s) => s.res!.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const s of busy) {
      expect(s.res!.headers['retry-after']).toBe('1');
      expect(s.res!.body).toMatchObject({
        success: false,
        errors_message: 'Too many sign-ins at once. Please try again shortly.',
        data: null,
      });
    }

    const admitted = sent.filter((s) => s.res!.status === 200);
    expect(admitted.length).toBeGreaterThanOrEqual(3);
    const mismatched = await crossedIdentities(
      t.server,
      admitted.map((s) => ({
        owner: s.owner,
        headers: bearer(s.res!.body.data.token),
        expect: (u) => u.id === s.owner,
      })),
    );
    expect(mismatched).toEqual([]);

    // The queue drains: the next login of a turned-away account goes through.
    const again = busy[0];
    const user = users.find((u) => u.id === again.owner)!;
    await request(t.server)
      .post('/api/login')
      .set('Accept', 'application/json')
      .send({ email: user.email, password: user.plainPassword })
      .expect(200);
  });
});
