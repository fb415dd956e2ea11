import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { useTestApp } from '../../utils/test-app';

const INVALID = 'These credentials do not match our records.';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, Accept: 'application/json' });

describe('POST /api/login/batch', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });

  const batch = (body: unknown) =>
    request(t.server)
      .post('/api/login/batch')
      .set('Accept', 'application/json')
      .send(body as object);
  const tokenCount = async () =>
    ((await t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens')) as { n: number }[])[0].n;

  describe('refuses a malformed `accounts` list with 422 errors.accounts', () => {
    const row = { email: 'someone@example.com', password: 'whatever-123' };
    it.each([
      ['missing', {}, 'The accounts field is required.'],
      ['not an array', { accounts: 'everyone' }, 'The accounts field must be an array.'],
      ['an object', { accounts: row }, 'The accounts field must be an array.'],
      ['empty', { accounts: [] }, 'The accounts field must have between 1 and 10 items.'],
      ['11 rows', { accounts: Array(11).fill(row) }, 'The accounts field must have between 1 and 10 items.'],
    ])('%s', async (_case, body, message) => {
      const res = await batch(body).expect(422);
      expect(res.body).toMatchObject({ success: false, errors_message: message, data: null });
      expect(res.body.errors.accounts).toContain(message);
      expect(await tokenCount()).toBe(0);
    });
  });

  it('logs each row in separately, in request order; bad rows fail alone', async () => {
    const good = await createUser(t.db);
    const other = await createUser(t.db);
    const res = await batch({
      accounts: [
        { email: good.email, password: good.plainPassword },
        { email: other.email, password: 'Not-The-Password-1' },
        { email: 'nobody-here@example.com', password: 'Whatever-123' },
      ],
    }).expect(200);

    expect(res.body).toMatchObject({ success: true, errors_message: null });
    const [first, second, third] = res.body.data.results;
    expect(res.body.data.results).toHaveLength(3);
    expect(first).toEqual({
      index: 0,
      email: good.email,
      success: true,
      user: expect.objectContaining({ id: good.id, email: good.email }),
      token: expect.stringMatching(/^\d+\|[A-Za-z0-9]{40}[0-9a-f]{8}$/),
    });
    expect(first.user).not.toHaveProperty('password');
    expect(second).toEqual({ index: 1, email: other.email, success: false, errors_message: INVALID });
    expect(third).toEqual({
      index: 2,
      email: 'nobody-here@example.com',
      success: false,
      errors_message: INVALID,
    });

    const me = await request(t.server).get('/api/user').set(bearer(first.token)).expect(200);
    expect(me.body.data.id).toBe(good.id);
    expect(await tokenCount()).toBe(1);
  });

  it("gives every successful row its own token for its own user, with the request's device_name", async () => {
    const users = [await createUser(t.db), await createUser(t.db), await createUser(t.db)];
    const res = await batch({
      device_name: 'Agency dashboard',
      accounts: users.map((u) => ({ email: u.email, password: u.plainPassword })),
    }).expect(200);

    const results = res.body.data.results as { index: number; success: boolean; token: string }[];
    expect(results.map((r) => [r.index, r.success])).toEqual([
      [0, true],
      [1, true],
      [2, true],
    ]);
    expect(new Set(results.map((r) => r.token)).size).toBe(3);
    for (const [i, r] of results.entries()) {
      const me = await request(t.server).get('/api/user').set(bearer(r.token)).expect(200);
      expect(me.body.data.id).toBe(users[i].id);
    }
    const rows = (await t.db.query(
      'SELECT user_id, name, device_name FROM personal_access_tokens ORDER BY user_id',
    )) as { user_id: number; name: string; device_name: string }[];
    expect(rows).toEqual(users.map((u) => ({ user_id: u.id, name: 'api', device_name: 'Agency dashboard' })));
  });

  it('a malformed row fails alone', async () => {
    const good = await createUser(t.db);
    const res = await batch({
      accounts: [
        { email: good.email },
        { email: 42, password: 'Whatever-123' },
        'not-an-object',
        { email: good.email, password: good.plainPassword },
      ],
    }).expect(200);
    expect(res.body.data.results).toEqual([
      { index: 0, email: good.email, success: false, errors_message: 'The password field is required.' },
      { index: 1, email: null, success: false, errors_message: 'The email field must be a string.' },
      { index: 2, email: null, success: false, errors_message: 'The email field is required.' },
      expect.objectContaining({ index: 3, email: good.email, success: true, token: expect.any(String) }),
    ]);
    expect(await tokenCount()).toBe(1);
  });

  it('a row with a NUL character fails alone, before or after a good row, and leaves no event behind', async () => {
    const good = await createUser(t.db);
    const nul = { email: 'x\u0000@example.com', password: 'x' };
    const ok = { email: good.email, password: good.plainPassword };
    for (const accounts of [
      [ok, nul],
      [nul, ok],
    ]) {
      const res = await batch({ accounts }).expect(200);
      const results = res.body.data.results as { success: boolean; errors_message?: string }[];
      expect(results.map((r) => r.success)).toEqual(accounts.map((a) => a === ok));
      expect(results.find((r) => !r.success)?.errors_message).toBe(
        'The email field must not contain null characters.',
      );
    }
    expect(await tokenCount()).toBe(2);
    const logins = await t.db.query(
      "SELECT count(*)::int AS n FROM security_events WHERE kind = 'login' AND user_id = $1",
      [good.id],
    );
    expect(logins[0].n).toBe(2);
  });

  it('throttles per row: a throttled email reports `Too Many Attempts.` while another row succeeds', async () => {
    const victim = await createUser(t.db);
    const bystander = await createUser(t.db);
    for (let i = 0; i < 5; i++) {
      await request(t.server)
        .post('/api/login')
        .set('Accept', 'application/json')
        .send({ email: victim.email, password: `Wrong-Password-${i}` })
        .expect(422);
    }
    const res = await batch({
      accounts: [
        { email: victim.email, password: victim.plainPassword },
        { email: bystander.email, password: bystander.plainPassword },
      ],
    }).expect(200);
    const [throttled, ok] = res.body.data.results;
    expect(throttled).toEqual({
      index: 0,
      email: victim.email,
      success: false,
      errors_message: 'Too Many Attempts.',
    });
    expect(ok).toMatchObject({ index: 1, success: true, user: { id: bystander.id } });
    const owners = (await t.db.query('SELECT user_id FROM personal_access_tokens')) as { user_id: number }[];
    expect(owners).toEqual([{ user_id: bystander.id }]);
  });

  it('failed batch rows count towards the same per-email throttle as /api/login', async () => {
    const victim = await createUser(t.db);
    const wrong = { email: victim.email, password: 'Wrong-Password-1' };
    const first = await batch({ accounts: [wrong, wrong, wrong] }).expect(200);
    expect(first.body.data.results.map((r: { errors_message: string }) => r.errors_message)).toEqual([
      INVALID,
      INVALID,
      INVALID,
    ]);
    await batch({ accounts: [wrong, wrong] }).expect(200);
    const res = await request(t.server)
      .post('/api/login')
      .set('Accept', 'application/json')
      .send({ email: victim.email, password: victim.plainPassword })
      .expect(429);
    expect(res.body.errors_message).toBe('Too Many Attempts.');
  });

  it('rows for one email cannot exceed the 5-attempt budget between them (10 wrong rows: 5 tried)', async () => {
    const victim = await createUser(t.db);
    const wrong = { email: victim.email, password: 'Wrong-Password-1' };
    const res = await batch({ accounts: Array(10).fill(wrong) }).expect(200);
    const messages = res.body.data.results.map((r: { errors_message: string }) => r.errors_message);
    expect(messages).toEqual([...Array(5).fill(INVALID), ...Array(5).fill('Too Many Attempts.')]);
    const failures = (await t.db.query(
      `SELECT metadata->>'reason' AS reason, count(*)::int AS n FROM security_events
       WHERE kind = 'login_failed' GROUP BY 1 ORDER BY 1`,
    )) as { reason: string; n: number }[];
    expect(failures).toEqual([
      { reason: 'invalid_credentials', n: 5 },
      { reason: 'throttled', n: 5 },
    ]);
  });
});
