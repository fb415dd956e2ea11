import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { auditResponses, leaksIn } from '../../utils/response-audit';

/** The leak detector the other files rely on must itself catch leaks (or their afterEach proves nothing). */
describe('response audit helper', () => {
  let server: Server;
  let reply: { body: string; cookie?: string };
  beforeAll(() => {
    server = createServer((_req, res) => {
      if (reply.cookie) res.setHeader('Set-Cookie', reply.cookie);
      res.setHeader('Content-Type', 'application/json');
      res.write(reply.body.slice(0, 5));
      res.end(reply.body.slice(5));
    });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    ['a bcrypt hash', { hash: '$2b$04$abcdefghijklmnopqrstuv' }, 'bcrypt hash'],
    ['a password key', { user: { password: 'x' } }, 'key user.password'],
    ['a token_hash column', { token_hash: 'ab' }, 'token_hash'],
    ['a stack trace', { message: 'Error: x\n    at foo (/src/a.ts:1:2)' }, 'stack trace'],
  ])('flags %s', (_case, body, finding) => {
    expect(leaksIn(JSON.stringify(body))).toContain(finding);
  });

  it('does not flag the field names of a 422', () => {
    expect(
      leaksIn(JSON.stringify({ message: 'm', errors: { password: ['The password field is required.'] } })),
    ).toEqual([]);
  });

  it('sees every response and flags a session id echoed in a later body', async () => {
    const audit = auditResponses(server);
    const sid = 'S'.repeat(43);
    reply = { body: '{"ok":true}', cookie: `app_session=${sid}; Path=/; HttpOnly` };
    await request(server).get('/').expect(200);
    reply = { body: JSON.stringify({ id: sid }) };
    await request(server).get('/').expect(200);
    expect(audit.count).toBe(2);
    expect(() => audit.assertClean()).toThrow();
    expect(audit.count).toBe(0);
    reply = { body: '{"ok":true}' };
    await request(server).get('/').expect(200);
    expect(() => audit.assertClean()).not.toThrow();
    audit.stop();
  });
});
