import { afterEach, describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import request from 'supertest';
import { REQUEST_ID_HEADER, requestIdOf } from '../http/request-id';
import { accessLog } from './access-log';

const opened: Array<{ close(): Promise<unknown> }> = [];
afterEach(() => Promise.all(opened.splice(0).map((f) => f.close())));

/** A real Fastify server with the app's request ids and access log, recording what the log writes. */
async function appWith(format: 'json' | 'text') {
  const lines: unknown[][] = [];
  let finished!: () => void;
  const logger = {
    log: (...args: unknown[]) => {
      lines.push(args);
      finished();
    },
  };
  const fastify = Fastify({ genReqId: requestIdOf });
  const log = accessLog(logger, format);
  fastify.addHook('onRequest', async (req, reply) => void reply.header(REQUEST_ID_HEADER, req.id));
  fastify.addHook('onResponse', log.onResponse);
  fastify.get('/api/user/sessions/:id', async (req) => {
    req.auth = { user: { id: 42 } } as never;
    return { ok: true };
  });
  await fastify.ready();
  opened.push(fastify);
  const next = () => new Promise<void>((r) => (finished = r));
  return { app: fastify.server, lines, next };
}

describe('access log', () => {
  it('writes one JSON record per request: id, method, route pattern, status, duration, user, nothing secret', async () => {
    const { app, lines, next } = await appWith('json');
    const logged = next();
    const res = await request(app)
      .get('/api/user/sessions/7?token=secret-in-query')
      .set('X-Request-Id', 'client-chosen-1')
      .set('Authorization', 'Bearer 1|secret-token')
      .set('Cookie', 'app_session=secret-cookie')
      .expect(200);
    await logged;

    expect(res.headers['x-request-id']).toBe('client-chosen-1');
    expect(lines).toHaveLength(1);
    const [message, record] = lines[0] as [string, Record<string, unknown>];
    expect(message).toBe('request');
    expect(record).toMatchObject({
      request_id: 'client-chosen-1',
      method: 'GET',
      route: '/api/user/sessions/:id',
      status: 200,
      user_id: 42,
    });
    expect(typeof record.duration_ms).toBe('number');
    expect(JSON.stringify(lines)).not.toMatch(/secret/);
  });

  it('writes a text line without a user for a route that does not exist, with a fresh request id', async () => {
    const { app, lines, next } = await appWith('text');
    const logged = next();
    const res = await request(app).get('/nowhere?code=123456').expect(404);
    await logged;
    const line = lines[0][0] as string;
    expect(line).toMatch(/^GET \(no route\) 404 [\d.]+ ms user=- id=/);
    expect(line.endsWith(`id=${res.headers['x-request-id']}`)).toBe(true);
    expect(line).not.toContain('123456');
  });
});
