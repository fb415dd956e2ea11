import { beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createUser } from '../factories/users.factory';
import { absorb, loginWithSession, loginWithToken, startBrowserSession } from '../utils/auth-helpers';
import { burst, expectAllAnswered, firstParty, listen } from '../utils/concurrency';
import { useTestApp } from '../utils/test-app';

const RACERS = 12;
const ROUNDS = 8;

/** One credential revoked by many requests at once, and many logins from one browser at once. */
describe('revocation and login races on one credential', () => {
  const t = useTestApp({ IP_RATE_LIMIT: '10000' });
  beforeAll(() => listen(t.server));

  const events = async (kind: string, userId: number) =>
    Number(
      (
        await t.db.query('SELECT count(*)::int AS n FROM security_events WHERE kind = $1 AND user_id = $2', [
          kind,
          userId,
        ])
      )[0].n,
    );

  it('DELETE /api/user/sessions/{id} sent 12 times at once, 8 rounds: one 200 each, the others 404, one event each', async () => {
    const user = await createUser(t.db);
    const owner = await loginWithToken(t.server, user.email, user.plainPassword);
    for (let round = 1; round <= ROUNDS; round++) {
      const victim = await loginWithToken(t.server, user.email, user.plainPassword);
      const answers = expectAllAnswered(
        await burst(
          Array.from({ length: RACERS }, (_, i) => ({ owner: i })),
          () => request(t.server).delete(`/api/user/sessions/${victim.tokenId}`).set(owner.headers),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, ...Array(RACERS - 1).fill(404)]);
      expect(await events('token_revoked', user.id)).toBe(round);
      await request(t.server).get('/api/user').set(victim.headers).expect(401);
    }
  });

  it('DELETE /user/browser-sessions/{id} sent 12 times at once, 8 rounds: one 204 each, the others 404, one event each', async () => {
    const user = await createUser(t.db);
    const owner = await loginWithSession(t.server, user.email, user.plainPassword);
    for (let round = 1; round <= ROUNDS; round++) {
      const other = await loginWithSession(t.server, user.email, user.plainPassword);
      const list = await request(t.server).get('/user/browser-sessions').set(owner.headers).expect(200);
      const target = (list.body as { id: string; is_current_device: boolean }[]).find(
        (s) => !s.is_current_device,
      )!;
      const answers = expectAllAnswered(
        await burst(
          Array.from({ length: RACERS }, (_, i) => ({ owner: i })),
          () => request(t.server).delete(`/user/browser-sessions/${target.id}`).set(owner.headers),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([204, ...Array(RACERS - 1).fill(404)]);
      expect(await events('session_revoked', user.id)).toBe(round);
      await request(t.server).get('/api/user').set(firstParty(other.cookie)).expect(401);
    }
  });

  it('POST /logout sent 8 times at once with one session, 5 rounds: one logout event each, and the session is gone', async () => {
    const user = await createUser(t.db);
    for (let round = 1; round <= 5; round++) {
      const s = await loginWithSession(t.server, user.email, user.plainPassword);
      const answers = expectAllAnswered(
        await burst(
          Array.from({ length: 8 }, (_, i) => ({ owner: i })),
          () => request(t.server).post('/logout').set(s.headers),
        ),
      );
      // A request that reached the CSRF check after another one had ended the session gets 419.
      for (const r of answers) expect([204, 419]).toContain(r.status);
      expect(answers.some((r) => r.status === 204)).toBe(true);
      expect(await events('logout', user.id)).toBe(round);
      await request(t.server).get('/api/user').set(firstParty(s.cookie)).expect(401);
    }
  });

  it('four logins at once from one browser session (tabs, a double click): every session that comes back works', async () => {
    const user = await createUser(t.db);
    const browser = await startBrowserSession(t.server);
    const answers = expectAllAnswered(
      await burst(
        Array.from({ length: 4 }, (_, i) => ({ owner: i })),
        () =>
          request(t.server)
            .post('/login')
            .set(browser.headers)
            .send({ email: user.email, password: user.plainPassword }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const res of answers) {
      const me = await request(t.server)
        .get('/api/user')
        .set(firstParty(absorb(browser, res).cookie));
      expect([me.status, me.body.data?.id]).toEqual([200, user.id]);
    }
    // The anonymous session they started from is gone (fixation).
    await request(t.server).post('/logout').set(browser.headers).expect(419);
  });
});
