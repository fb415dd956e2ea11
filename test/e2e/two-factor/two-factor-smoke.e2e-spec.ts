import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../../factories/users.factory';
import { absorb, loginWithToken, startBrowserSession } from '../../utils/auth-helpers';
import { useTestApp } from '../../utils/test-app';
import { totpAt } from '../../utils/totp';

describe('two-factor: enable, confirm, then both login flows', () => {
  const t = useTestApp();

  it('works end to end', async () => {
    t.clock.freeze(new Date('2026-11-22T10:00:00Z'));
    const user = await createUser(t.db);
    const { headers } = await loginWithToken(t.server, user.email, user.plainPassword);
    await request(t.server).post('/user/two-factor-authentication').set(headers).expect(423);
    await request(t.server)
      .post('/user/confirm-password')
      .set(headers)
      .send({ password: user.plainPassword })
      .expect(201);
    await request(t.server).post('/user/two-factor-authentication').set(headers).expect(200);
    const { body: key } = await request(t.server).get('/user/two-factor-secret-key').set(headers).expect(200);
    const { body: qr } = await request(t.server).get('/user/two-factor-qr-code').set(headers).expect(200);
    expect(qr.svg).toContain('<svg');
    expect(qr.url).toMatch(/^otpauth:\/\/totp\//);
    await request(t.server)
      .post('/user/confirmed-two-factor-authentication')
      .set(headers)
      .send({ code: await totpAt(key.secretKey, t.clock.nowMs()) })
      .expect(200);
    const { body: codes } = await request(t.server)
      .get('/user/two-factor-recovery-codes')
      .set(headers)
      .expect(200);
    expect(codes).toHaveLength(8);

    // bearer: challenge, then the same (already used) code is a replay
    const login = await request(t.server)
      .post('/api/login')
      .send({ email: user.email, password: user.plainPassword })
      .expect(200);
    expect(login.body.data.two_factor).toBe(true);
    const replay = await request(t.server)
      .post('/api/two-factor-challenge')
      .send({ challenge: login.body.data.challenge, code: await totpAt(key.secretKey, t.clock.nowMs()) })
      .expect(422);
    expect(replay.body.errors.code).toBeDefined();
    t.clock.advance(30_000);
    const ok = await request(t.server)
      .post('/api/two-factor-challenge')
      .send({ challenge: login.body.data.challenge, code: await totpAt(key.secretKey, t.clock.nowMs()) })
      .expect(200);
    expect(ok.body.data.token).toMatch(/^\d+\|/);

    // cookie: pending login, then a recovery code
    const anon = await startBrowserSession(t.server);
    const res = await request(t.server)
      .post('/login')
      .set(anon.headers)
      .send({ email: user.email, password: user.plainPassword })
      .expect(200);
    expect(res.body).toEqual({ two_factor: true, message: 'Two factor authentication required' });
    const pending = absorb(anon, res);
    await request(t.server).get('/api/user').set(pending.headers).expect(401);
    const done = await request(t.server)
      .post('/two-factor-challenge')
      .set(pending.headers)
      .send({ recovery_code: codes[0] })
      .expect(204);
    const session = absorb(pending, done);
    const me = await request(t.server).get('/api/user').set(session.headers).expect(200);
    expect(me.body.data.two_factor_enabled).toBe(true);
    expect(me.body.data.two_factor_recovery_codes_remaining).toBe(7);
  });
});
