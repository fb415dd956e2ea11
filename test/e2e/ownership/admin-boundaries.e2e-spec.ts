import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { Role } from '../../../src/common/auth/role.enum';
import { createUser } from '../../factories/users.factory';
import { loginWithSession, loginWithToken } from '../../utils/auth-helpers';
import { sessionRow } from '../../utils/session-test-helpers';
import { useTestApp } from '../../utils/test-app';

/** Credentials are personal (docs/http-contract.md §3, §4): an admin role does not open someone else's. */
describe('Admins and other users’ credentials', () => {
  const t = useTestApp();

  it('answers 403 to an admin revoking another user’s token, and the token keeps working', async () => {
    const admin = await createUser(t.db, { roles: [Role.Admin] });
    const victim = await createUser(t.db);
    const adminToken = await loginWithToken(t.server, admin.email, admin.plainPassword);
    const victimToken = await loginWithToken(t.server, victim.email, victim.plainPassword);

    const res = await request(t.server)
      .delete(`/api/user/sessions/${victimToken.tokenId}`)
      .set(adminToken.headers)
      .expect(403);
    expect(res.body.errors_message).toBe('This action is unauthorized.');
    await request(t.server).get('/api/user').set(victimToken.headers).expect(200);
  });

  it('answers 403 to an admin ending another user’s browser session, and the session keeps working', async () => {
    const admin = await createUser(t.db, { roles: [Role.Admin] });
    const victim = await createUser(t.db);
    const adminSession = await loginWithSession(t.server, admin.email, admin.plainPassword);
    const victimSession = await loginWithSession(t.server, victim.email, victim.plainPassword);
    const { id } = (await sessionRow(t.db, victimSession))!;

    const res = await request(t.server)
      .delete(`/user/browser-sessions/${id}`)
      .set(adminSession.headers)
      .expect(403);
    expect(res.body).toEqual({ message: 'This action is unauthorized.' });
    await request(t.server).get('/api/user').set(victimSession.headers).expect(200);
  });
});
