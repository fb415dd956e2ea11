import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { PruneScheduler } from '../../../src/sessions/prune.scheduler';
import { createUser } from '../../factories/users.factory';
import { startBrowserSession, type BrowserSession } from '../../utils/auth-helpers';
import { loginBrowser, sessionRow, waitFor } from '../../utils/session-test-helpers';
import { useTestApp } from '../../utils/test-app';

const T0 = Date.parse('2030-05-01T08:00:00Z');
const MIN = 60_000;

/** SESSION_LIFETIME=30 idle minutes, SESSION_ABSOLUTE_LIFETIME=120 minutes, on a frozen clock. */
describe('Browser session lifetime (idle, absolute, remember me, prune)', () => {
  const t = useTestApp({ SESSION_LIFETIME: '30', SESSION_ABSOLUTE_LIFETIME: '120' });
  beforeEach(() => {
    t.clock.freeze(T0);
  });
  afterEach(() => t.clock.reset());

  const me = (s: BrowserSession) => request(t.server).get('/api/user').set(s.headers);

  async function login(body: Record<string, unknown> = {}) {
    const user = await createUser(t.db);
    const { session, res } = await loginBrowser(t.server, user.email, user.plainPassword, { body });
    return { user, session, res };
  }

  /** The touch of last_activity_at is fire-and-forget: wait until the row shows this instant. */
  const touched = (s: BrowserSession, at: number) =>
    waitFor(
      () => sessionRow(t.db, s),
      (row) => row?.last_activity_at.getTime() === at,
    );

  it('refuses a session idle for more than SESSION_LIFETIME minutes (401) and drops its row', async () => {
    const { session } = await login();
    const { id } = (await sessionRow(t.db, session))!;
    t.clock.advance(31 * MIN);

    const res = await me(session).expect(401);
    expect(res.body).toMatchObject({ success: false, errors_message: 'Unauthenticated.', data: null });
    await waitFor(
      async () => (await t.db.query('SELECT 1 FROM sessions WHERE id = $1', [id])) as unknown[],
      (rows) => rows.length === 0,
    );
  });

  it('accepts a session used within the idle lifetime, and activity pushes the idle expiry back', async () => {
    const { user, session } = await login();
    t.clock.advance(29 * MIN);
    const res = await me(session).expect(200);
    expect(res.body.data.id).toBe(user.id);

    await touched(session, T0 + 29 * MIN);
    t.clock.advance(29 * MIN); // 58 minutes after login, 29 after the last request
    await me(session).expect(200);

    await touched(session, T0 + 58 * MIN);
    t.clock.advance(31 * MIN);
    await me(session).expect(401);
  });

  it('ends even a constantly active session at SESSION_ABSOLUTE_LIFETIME', async () => {
    const { session } = await login();
    let elapsed = 0;
    for (const at of [20, 40, 60, 80, 100, 119]) {
      t.clock.advance((at - elapsed) * MIN);
      elapsed = at;
      await me(session).expect(200);
      await touched(session, T0 + at * MIN);
    }
    t.clock.advance(2 * MIN); // 121 minutes in total, only 2 idle
    const res = await me(session).expect(401);
    expect(res.body.errors_message).toBe('Unauthenticated.');
  });

  describe('remember me', () => {
    const setCookies = (res: request.Response) =>
      (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
    const cookieNamed = (res: request.Response, name: string) =>
      setCookies(res).find((c) => c.startsWith(`${name}=`));

    it('`remember: true` sets Max-Age to the absolute lifetime on both cookies', async () => {
      const { session, res } = await login({ remember: true });
      for (const name of ['app_session', 'XSRF-TOKEN']) {
        expect(cookieNamed(res, name)).toMatch(/;\s*Max-Age=7200(;|$)/);
      }
      expect((await sessionRow(t.db, session))!.remember).toBe(true);

      // Later responses re-send the XSRF cookie with the same persistence.
      const later = await me(session).expect(200);
      expect(cookieNamed(later, 'XSRF-TOKEN')).toMatch(/;\s*Max-Age=7200(;|$)/);
    });

    it('a remembered session outlives idle expiry but not the absolute lifetime', async () => {
      const { session } = await login({ remember: true });
      t.clock.advance(90 * MIN); // idle three times SESSION_LIFETIME
      await me(session).expect(200);
      const listed = await request(t.server).get('/user/browser-sessions').set(session.headers).expect(200);
      expect(listed.body).toHaveLength(1);
      expect(await t.app.get(PruneScheduler).run()).toEqual({ sessions: 0, tokens: 0 });

      t.clock.advance(31 * MIN); // 121 minutes after login
      await me(session).expect(401);
    });

    it('without `remember` the cookies die with the browser (no Max-Age, no Expires)', async () => {
      const { session, res } = await login();
      for (const name of ['app_session', 'XSRF-TOKEN']) {
        const cookie = cookieNamed(res, name);
        expect(cookie).toBeDefined();
        expect(cookie).not.toMatch(/Max-Age|Expires/i);
      }
      expect((await sessionRow(t.db, session))!.remember).toBe(false);
    });

    it('`remember` must be a boolean (422)', async () => {
      const user = await createUser(t.db);
      const anon = await startBrowserSession(t.server);
      const res = await request(t.server)
        .post('/login')
        .set(anon.headers)
        .send({ email: user.email, password: user.plainPassword, remember: 'forever' })
        .expect(422);
      expect(res.body.errors.remember).toEqual(['The remember field must be true or false.']);
    });
  });

  it('the scheduled prune deletes expired session rows and keeps live ones', async () => {
    const { session: stale } = await login();
    const staleId = (await sessionRow(t.db, stale))!.id;
    t.clock.advance(31 * MIN);
    const { session: live } = await login();
    const liveId = (await sessionRow(t.db, live))!.id;

    const result = await t.app.get(PruneScheduler).run();

    expect(result.sessions).toBe(1);
    const rows = (await t.db.query('SELECT id FROM sessions ORDER BY created_at')) as { id: string }[];
    expect(rows.map((r) => r.id)).toEqual([liveId]);
    expect(rows.map((r) => r.id)).not.toContain(staleId);
    await me(live).expect(200);
  });
});
