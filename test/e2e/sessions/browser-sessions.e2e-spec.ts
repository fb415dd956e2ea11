import { afterEach, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import type { BrowserSession } from '../../utils/auth-helpers';
import {
  CHROME_MAC_UA,
  IPHONE_SAFARI_UA,
  loginBrowser,
  sessionCookieValue,
  sessionRow,
} from '../../utils/session-test-helpers';
import { FIRST_PARTY, useTestApp } from '../../utils/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Active sessions panel: /user/browser-sessions', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '1000' });
  afterEach(() => t.clock.reset());

  const rowExists = async (id: string) =>
    ((await t.db.query('SELECT 1 FROM sessions WHERE id = $1', [id])) as unknown[]).length === 1;

  /** Two sessions of one user (Chrome on macOS, then Safari on an iPhone) and one of another user. */
  async function scenario() {
    t.clock.freeze(Date.parse('2030-03-01T10:00:00Z'));
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    const mac = (await loginBrowser(t.server, alice.email, alice.plainPassword, { userAgent: CHROME_MAC_UA }))
      .session;
    t.clock.advance(10_000);
    const phone = (
      await loginBrowser(t.server, alice.email, alice.plainPassword, { userAgent: IPHONE_SAFARI_UA })
    ).session;
    t.clock.advance(10_000);
    const bobs = (await loginBrowser(t.server, bob.email, bob.plainPassword)).session;
    const ids = {
      mac: (await sessionRow(t.db, mac))!.id,
      phone: (await sessionRow(t.db, phone))!.id,
      bob: (await sessionRow(t.db, bobs))!.id,
    };
    return { alice, bob, mac, phone, bobs, ids };
  }

  const list = (s: BrowserSession) => request(t.server).get('/user/browser-sessions').set(s.headers);

  it('answers 401 without credentials', async () => {
    const res = await request(t.server)
      .get('/user/browser-sessions')
      .set('Referer', `${FIRST_PARTY}/`)
      .expect(401);
    expect(res.body).toEqual({ message: 'Unauthenticated.' });
  });

  it("lists only the caller's sessions, most recently active first, with parsed agents", async () => {
    const { mac, phone, ids } = await scenario();
    const res = await list(mac).expect(200);

    expect(res.body).toEqual([
      {
        id: ids.phone,
        ip_address: expect.stringMatching(/127\.0\.0\.1$/),
        user_agent: IPHONE_SAFARI_UA,
        agent: { browser: 'Safari', platform: 'iOS', is_desktop: false },
        last_active: '2030-03-01T10:00:10.000Z',
        is_current_device: false,
      },
      {
        id: ids.mac,
        ip_address: expect.stringMatching(/127\.0\.0\.1$/),
        user_agent: CHROME_MAC_UA,
        agent: { browser: 'Chrome', platform: 'macOS', is_desktop: true },
        last_active: '2030-03-01T10:00:00.000Z',
        is_current_device: true,
      },
    ]);
    expect(ids.mac).toMatch(UUID);
    // Neither the cookie values nor their stored hashes ever appear in the body.
    const body = JSON.stringify(res.body);
    for (const s of [mac, phone]) {
      const cookie = sessionCookieValue(s);
      expect(body).not.toContain(cookie);
      expect(body).not.toContain(createHash('sha256').update(cookie).digest('hex'));
    }

    // The same list from the other device marks that one as current.
    const fromPhone = await list(phone).expect(200);
    expect(fromPhone.body.map((s: { is_current_device: boolean }) => s.is_current_device)).toEqual([
      true,
      false,
    ]);
  });

  it("never lists another user's sessions", async () => {
    const { bobs, ids } = await scenario();
    const res = await list(bobs).expect(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ id: ids.bob, is_current_device: true });
  });

  describe('DELETE /user/browser-sessions/{id}', () => {
    it("refuses someone else's session with 403 and keeps it", async () => {
      const { mac, bobs, ids } = await scenario();
      const res = await request(t.server)
        .delete(`/user/browser-sessions/${ids.bob}`)
        .set(mac.headers)
        .expect(403);
      expect(res.body).toEqual({ message: 'This action is unauthorized.' });
      expect(await rowExists(ids.bob)).toBe(true);
      await list(bobs).expect(200);
    });

    it('answers 404 for an unknown uuid and for a non-uuid id', async () => {
      const { mac } = await scenario();
      for (const id of [randomUUID(), 'not-a-uuid', '1']) {
        const res = await request(t.server)
          .delete(`/user/browser-sessions/${id}`)
          .set(mac.headers)
          .expect(404);
        expect(typeof res.body.message).toBe('string');
      }
      await list(mac).expect(200);
    });

    it('needs the CSRF token (419 without X-XSRF-TOKEN) and then ends nothing', async () => {
      const { mac, phone, ids } = await scenario();
      const { 'X-XSRF-TOKEN': _csrf, ...withoutCsrf } = mac.headers;
      const res = await request(t.server)
        .delete(`/user/browser-sessions/${ids.phone}`)
        .set(withoutCsrf)
        .expect(419);
      expect(res.body).toEqual({ message: 'CSRF token mismatch.' });
      expect(await rowExists(ids.phone)).toBe(true);
      await list(phone).expect(200);
    });

    it('ends an own other session: 204, and its cookie is 401 on its very next request', async () => {
      const { mac, phone, bobs, ids } = await scenario();
      const res = await request(t.server)
        .delete(`/user/browser-sessions/${ids.phone}`)
        .set(mac.headers)
        .expect(204);
      expect(res.text).toBe('');
      expect(await rowExists(ids.phone)).toBe(false);
      const after = await list(phone).expect(401);
      expect(after.body).toEqual({ message: 'Unauthenticated.' });
      // The caller and other users carry on.
      const mine = await list(mac).expect(200);
      expect(mine.body.map((s: { id: string }) => s.id)).toEqual([ids.mac]);
      await list(bobs).expect(200);
    });

    it('ending the current session logs the caller out', async () => {
      const { mac, phone, ids } = await scenario();
      await request(t.server).delete(`/user/browser-sessions/${ids.mac}`).set(mac.headers).expect(204);
      expect(await rowExists(ids.mac)).toBe(false);
      await list(mac).expect(401);
      await list(phone).expect(200);
    });
  });

  describe('DELETE /user/other-browser-sessions', () => {
    it('answers 422 errors.password for a wrong password and ends nothing', async () => {
      const { mac, phone } = await scenario();
      const res = await request(t.server)
        .delete('/user/other-browser-sessions')
        .set(mac.headers)
        .send({ password: 'Wrong-Password-1' })
        .expect(422);
      expect(res.body).toEqual({
        message: 'The provided password is incorrect.',
        errors: { password: ['The provided password is incorrect.'] },
      });
      await list(phone).expect(200);
    });

    it('answers 422 when the password is missing', async () => {
      const { mac } = await scenario();
      const res = await request(t.server)
        .delete('/user/other-browser-sessions')
        .set(mac.headers)
        .send({})
        .expect(422);
      expect(res.body.errors.password).toEqual(['The password field is required.']);
    });

    it("ends every other session of the user at once, keeps the current one and other users'", async () => {
      const { alice, mac, phone, bobs, ids } = await scenario();
      const third = (await loginBrowser(t.server, alice.email, alice.plainPassword)).session;
      await request(t.server)
        .delete('/user/other-browser-sessions')
        .set(mac.headers)
        .send({ password: alice.plainPassword })
        .expect(204);

      for (const s of [phone, third]) await list(s).expect(401);
      const mine = await list(mac).expect(200);
      expect(mine.body.map((s: { id: string }) => s.id)).toEqual([ids.mac]);
      await list(bobs).expect(200);
      const rows = (await t.db.query('SELECT id FROM sessions WHERE user_id = $1', [alice.id])) as {
        id: string;
      }[];
      expect(rows.map((r) => r.id)).toEqual([ids.mac]);
      expect(await rowExists(ids.bob)).toBe(true);
    });
  });
});
