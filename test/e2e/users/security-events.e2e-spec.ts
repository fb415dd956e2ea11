import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { loginBrowser } from '../../utils/session-test-helpers';
import { useTestApp } from '../../utils/test-app';

const T0 = Date.parse('2030-08-01T10:00:00Z');
const UA = 'SecurityEventsTest/1.0';
const PASSWORD = 'Audit-Trail-Passphrase-7';

/** Every kind the scenario below records, newest first. */
const EXPECTED_KINDS = [
  'logout',
  'token_revoked',
  'password_confirmed',
  'token_created',
  'login',
  'session_created',
  'login',
  'login_failed',
  'token_created',
  'login',
  'registered',
];

describe('GET /api/user/security-events', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });
  beforeEach(() => {
    t.clock.freeze(T0);
  });
  afterEach(() => t.clock.reset());

  const api = (method: 'get' | 'post' | 'delete', path: string, headers: Record<string, string> = {}) => {
    const agent = request(t.server);
    const req =
      method === 'get' ? agent.get(path) : method === 'post' ? agent.post(path) : agent.delete(path);
    return req.set({ Accept: 'application/json', 'User-Agent': UA, ...headers });
  };
  const step = () => t.clock.advance(1_000);

  /** Register, fail a login, log in by session and by token, confirm, revoke a token, log out. */
  async function scenario() {
    const email = `audit-${Date.now()}@example.com`;
    const registered = await api('post', '/api/register')
      .send({ email, password: PASSWORD, first_name: 'Audit', last_name: 'Trail', birth_date: '1990-01-01' })
      .expect(201);
    const first = { Authorization: `Bearer ${registered.body.data.token as string}` };
    step();
    await api('post', '/api/login').send({ email, password: 'Wrong-Password-1' }).expect(422);
    step();
    const { session } = await loginBrowser(t.server, email, PASSWORD, { userAgent: UA });
    step();
    const second = await api('post', '/api/login').send({ email, password: PASSWORD }).expect(200);
    step();
    await api('post', '/user/confirm-password', first).send({ password: PASSWORD }).expect(201);
    step();
    await api(
      'delete',
      `/api/user/sessions/${(second.body.data.token as string).split('|')[0]}`,
      first,
    ).expect(200);
    step();
    await api('post', '/api/logout', first).expect(200);
    step();
    return { email, userId: registered.body.data.user.id as number, session };
  }

  it('answers 401 without credentials', async () => {
    const res = await api('get', '/api/user/security-events').expect(401);
    expect(res.body).toEqual({
      success: false,
      errors_message: 'Unauthenticated.',
      message: 'Unauthenticated.',
      data: null,
    });
  });

  it("lists the caller's own events, newest first, with kind, ip_address, user_agent and created_at", async () => {
    const { session } = await scenario();
    const res = await api('get', '/api/user/security-events', session.headers).expect(200);

    expect(res.body).toMatchObject({ success: true, errors_message: null });
    const events = res.body.data.events as Record<string, unknown>[];
    expect(events.map((e) => e.kind)).toEqual(EXPECTED_KINDS);
    for (const e of events) {
      expect(e).toMatchObject({
        id: expect.any(Number),
        ip_address: expect.stringMatching(/127\.0\.0\.1$/),
        user_agent: UA,
        created_at: expect.stringMatching(/^2030-08-01T10:00:\d\d\.000Z$/),
      });
    }
    const times = events.map((e) => Date.parse(e.created_at as string));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(events[0].created_at).toBe(new Date(T0 + 6_000).toISOString());
    expect(res.body.data.pagination).toEqual({ page: 1, per_page: 20, total: 11, last_page: 1 });
  });

  it('paginates with ?per_page and ?page', async () => {
    const { session } = await scenario();
    const res = await api('get', '/api/user/security-events?per_page=2&page=2', session.headers).expect(200);
    expect(res.body.data.events.map((e: { kind: string }) => e.kind)).toEqual(EXPECTED_KINDS.slice(2, 4));
    expect(res.body.data.pagination).toEqual({ page: 2, per_page: 2, total: 11, last_page: 6 });

    const last = await api('get', '/api/user/security-events?per_page=2&page=6', session.headers).expect(200);
    expect(last.body.data.events.map((e: { kind: string }) => e.kind)).toEqual(['registered']);
    const beyond = await api('get', '/api/user/security-events?per_page=2&page=7', session.headers).expect(
      200,
    );
    expect(beyond.body.data.events).toEqual([]);
  });

  it.each([
    ['per_page=0', 'per_page', 'The per page field must be between 1 and 100.'],
    ['per_page=101', 'per_page', 'The per page field must be between 1 and 100.'],
    ['per_page=abc', 'per_page', 'The per page field must be an integer.'],
    ['page=0', 'page', 'The page field must be between 1 and 100000.'],
  ])('answers 422 for ?%s', async (query, field, message) => {
    const user = await createUser(t.db);
    const { session } = await loginBrowser(t.server, user.email, user.plainPassword);
    const res = await api('get', `/api/user/security-events?${query}`, session.headers).expect(422);
    expect(res.body).toMatchObject({ success: false, errors_message: message, data: null });
    expect(res.body.errors[field]).toEqual([message]);
  });

  it("never shows another user's events", async () => {
    const bystander = await createUser(t.db);
    const { session: theirs } = await loginBrowser(t.server, bystander.email, bystander.plainPassword, {
      userAgent: 'Bystander/2.0',
    });
    const { session: mine, userId } = await scenario();

    const res = await api('get', '/api/user/security-events?per_page=100', mine.headers).expect(200);
    expect(res.body.data.events).toHaveLength(11);
    expect(JSON.stringify(res.body)).not.toContain('Bystander/2.0');

    const other = await api('get', '/api/user/security-events', theirs.headers).expect(200);
    expect(other.body.data.events.map((e: { kind: string }) => e.kind)).toEqual(['session_created', 'login']);
    expect(other.body.data.pagination.total).toBe(2);
    const stored = (await t.db.query('SELECT count(*)::int AS n FROM security_events WHERE user_id = $1', [
      userId,
    ])) as { n: number }[];
    expect(stored[0].n).toBe(11);
  });

  it('the table is append-only: UPDATE and DELETE are refused by the database', async () => {
    await scenario();
    const before = (await t.db.query('SELECT * FROM security_events ORDER BY id')) as unknown[];
    await expect(t.db.query(`UPDATE security_events SET kind = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM security_events')).rejects.toThrow(/append-only/);
    expect(await t.db.query('SELECT * FROM security_events ORDER BY id')).toEqual(before);
    expect(before).toHaveLength(11);
  });

  it('a failed login for an unknown email is recorded without a user', async () => {
    await request(t.server)
      .post('/api/login')
      .set('Accept', 'application/json')
      .send({ email: 'ghost@example.com', password: 'Whatever-123' })
      .expect(422);
    const rows = (await t.db.query('SELECT user_id, kind, metadata FROM security_events')) as unknown[];
    expect(rows).toEqual([
      {
        user_id: null,
        kind: 'login_failed',
        metadata: { email: 'ghost@example.com', reason: 'invalid_credentials' },
      },
    ]);
  });

  it('records the X-Request-Id of the request that caused each event, the id its (error) response carries', async () => {
    const email = `traced-${Date.now()}@example.com`;
    const registered = await api('post', '/api/register', { 'X-Request-Id': 'req-register-1' })
      .send({ email, password: PASSWORD, first_name: 'Traced', last_name: 'User', birth_date: '1990-01-01' })
      .expect(201);
    const failed = await api('post', '/api/login', { 'X-Request-Id': 'req-failed-login-2' })
      .send({ email, password: 'Wrong-Password-1' })
      .expect(422);
    expect(failed.headers['x-request-id']).toBe('req-failed-login-2');
    // No id sent: the generated one, as on the response.
    const login = await api('post', '/api/login').send({ email, password: PASSWORD }).expect(200);
    const rows = (await t.db.query(
      'SELECT kind, request_id FROM security_events WHERE user_id = $1 ORDER BY id',
      [registered.body.data.user.id],
    )) as { kind: string; request_id: string | null }[];
    expect(rows.map((r) => [r.kind, r.request_id])).toEqual([
      ['registered', 'req-register-1'],
      ['login', 'req-register-1'],
      ['token_created', 'req-register-1'],
      ['login_failed', 'req-failed-login-2'],
      ['login', login.headers['x-request-id']],
      ['token_created', login.headers['x-request-id']],
    ]);
    const listed = await api('get', '/api/user/security-events', {
      Authorization: `Bearer ${login.body.data.token as string}`,
    }).expect(200);
    expect(listed.body.data.events.map((e: { request_id: string }) => e.request_id)).toContain(
      'req-failed-login-2',
    );
  });
});
