import express from 'express';
import request from 'supertest';
import { requestId } from '../http/request-id';
import { accessLog } from './access-log';

/** A real Express app with the two middlewares, recording what the access log writes. */
function appWith(format: 'json' | 'text') {
  const lines: unknown[][] = [];
  let finished!: () => void;
  const logger = {
    log: (...args: unknown[]) => {
      lines.push(args);
      finished();
    },
  };
  const app = express();
  app.use(requestId);
  app.use(accessLog(logger, format));
  app.get('/api/user/sessions/:id', (req, res) => {
    (req as unknown as { auth: unknown }).auth = { user: { id: 42 } };
    res.status(200).json({ ok: true });
  });
  const next = () => new Promise<void>((r) => (finished = r));
  return { app, lines, next };
}

describe('access log', () => {
  it('writes one JSON record per request: id, method, route pattern, status, duration, user, nothing secret', async () => {
    const { app, lines, next } = appWith('json');
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
    const { app, lines, next } = appWith('text');
    const logged = next();
    const res = await request(app).get('/nowhere?code=123456').expect(404);
    await logged;
    const line = lines[0][0] as string;
    expect(line).toMatch(/^GET \(no route\) 404 [\d.]+ ms user=- id=/);
    expect(line.endsWith(`id=${res.headers['x-request-id']}`)).toBe(true);
    expect(line).not.toContain('123456');
  });
});
