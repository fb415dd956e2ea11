import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport, runFuzz, socialProviderEnv, type RunResult } from '../../bench/fuzz/runner';
import { CLIENT_KINDS, type FuzzRequest } from '../../bench/fuzz/generator';
import type { Outcome } from '../../bench/fuzz/http';
import { judge, SecretRegistry } from '../../bench/fuzz/oracle';
import { loadOperations, type OpenApiDocument, type Operation } from '../../bench/fuzz/openapi';
import type { Role } from '../../src/common/auth/role.enum';
import { RolesService } from '../../src/roles/roles.service';
import { createTestApp, type TestApp } from '../utils/test-app';

/**
 * The short, seeded version of `npm run fuzz` (bench/fuzz.ts): the same generator and oracle against
 * the app booted in-process. Every operation of GET /docs/json is sent 7 times as each client
 * (anonymous, bearer, first-party session), each time changing one thing — baseline, then nulls,
 * deep nesting, lone surrogates and NUL bytes, Content-Encoding, Authorization/cookies,
 * prototype-pollution keys for operations with a body; Authorization/cookies, path, query, unicode,
 * encoding, deep query keys for the others — and every answer must be: no 5xx, no hang, an error body
 * in the JSON shape of its route family, no hash, session id, TOTP secret or stack trace.
 */
const SEED = 20261201;
const ROUNDS = 7;

describe('schema-driven fuzz of every OpenAPI operation (contract §1)', () => {
  let t: TestApp;
  let baseUrl: string;
  let result: RunResult;

  beforeAll(async () => {
    const nobody = createServer();
    await new Promise<void>((r) => nobody.listen(0, '127.0.0.1', r));
    const deadPort = (nobody.address() as AddressInfo).port;
    await new Promise((r) => nobody.close(r));
    t = await createTestApp({ IP_RATE_LIMIT: '1000000', ...socialProviderEnv(deadPort) });
    await new Promise<void>((listening) => t.server.listen(0, '127.0.0.1', listening));
    baseUrl = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it(`seed ${SEED}: no 5xx, no hang, JSON errors in the right shape, no secret in any response`, async () => {
    const roles = t.app.get(RolesService);
    const doc = (await (await fetch(`${baseUrl}/docs/json`)).json()) as OpenApiDocument;
    const operations = loadOperations(doc).length;
    result = await runFuzz({
      baseUrl,
      seed: SEED,
      requests: ROUNDS * operations * CLIENT_KINDS.length,
      // One at a time: the same seed meets the same server state on every run.
      concurrency: 1,
      timeoutMs: 10_000,
      grantRole: async (email, role) => void (await roles.grant(email, role as Role)),
      bodyDir: join(tmpdir(), `auth-fuzz-failures-${SEED}`),
    });
    if (result.failures.length) throw new Error(formatReport(result));
    expect(result.failures).toEqual([]);
  }, 120_000);

  it('left Object.prototype as it was (no prototype pollution from __proto__ / constructor.prototype keys)', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    const probe = {} as Record<string, unknown>;
    expect([probe.isAdmin, probe.roles, probe.toString === Object.prototype.toString]).toEqual([
      undefined,
      undefined,
      true,
    ]);
  });

  it('covered every operation a few times as each client', () => {
    expect(result.operations.length).toBeGreaterThanOrEqual(72);
    const thin = result.operations
      .map((op) => ({ op: op.id, ...result.byOperation.get(op.id)! }))
      .filter((s) => s.clients.size < CLIENT_KINDS.length || s.total < 3 * CLIENT_KINDS.length);
    expect(thin).toEqual([]);
    // The requests reached past the door: validation errors and successes, not only 401s.
    expect(result.byStatus.get(422) ?? 0).toBeGreaterThan(50);
    expect((result.byStatus.get(200) ?? 0) + (result.byStatus.get(201) ?? 0)).toBeGreaterThan(100);
  });
});

describe('the fuzz oracle flags what it must', () => {
  const op: Operation = {
    id: 'POST /api/login',
    method: 'POST',
    path: '/api/login',
    pathParams: [],
    queryParams: [],
    bodyTypes: ['application/json'],
    bodyRequired: true,
    security: [],
  };
  const req = (path = '/api/login', method = 'POST'): FuzzRequest => ({
    index: 0,
    op,
    client: 'anonymous',
    focus: 'baseline',
    method,
    path,
    headers: [],
    chunked: false,
    mutations: [],
    authIntact: true,
  });
  const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}): Outcome => ({
    ok: true,
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    ms: 1,
  });
  const envelope = (message: string) => ({ success: false, errors_message: message, message, data: null });
  const secrets = new SecretRegistry();
  const token = `7|${'A'.repeat(40)}0badc0de`;
  const tokenHash = createHash('sha256').update(token.slice(2)).digest('hex');
  secrets.addToken(token);
  secrets.addSessionId('Zx9'.repeat(15));
  secrets.addTotpSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');

  it('accepts a well-formed error in each family', () => {
    expect(judge(req(), json(422, { ...envelope('x'), errors: { email: ['x'] } }), secrets)).toEqual([]);
    expect(judge(req('/login'), json(419, { message: 'CSRF token mismatch.' }), secrets)).toEqual([]);
  });

  it.each([
    ['a 500', json(500, envelope('Server Error.'))],
    ['a 503', json(503, envelope('Down.'))],
    ['no response', { ok: false, error: 'ECONNRESET', timedOut: false, ms: 1 } as Outcome],
    ['a hang', { ok: false, error: 'no response within 10 ms', timedOut: true, ms: 10 } as Outcome],
    ['an HTML error', { ...json(400, '<h1>Bad</h1>'), headers: { 'content-type': 'text/html' } } as Outcome],
    ['a bare body on /api', json(400, { message: 'x' })],
    ['a 422 without errors', json(422, envelope('x'))],
    ['errors on a 400', json(400, { ...envelope('x'), errors: { a: ['x'] } })],
    ['a bcrypt hash', json(200, { hash: '$2b$10$abcdefghijklmnopqrstuv' })],
    ['a token hash', json(200, { h: tokenHash })],
    ['a session id', json(200, { s: 'Zx9'.repeat(15) })],
    ['a TOTP secret', json(200, { k: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' })],
    ['a stack trace', json(400, envelope('Error: x\n    at Foo.bar (/app/dist/src/x.js:1:2)'))],
    ['a module path', json(400, envelope('in /app/node_modules/x'))],
    ['a session id in a header', json(200, {}, { 'x-debug': 'Zx9'.repeat(15) })],
  ])('flags %s', (_what, outcome) => {
    expect(judge(req(), outcome, secrets).length).toBeGreaterThan(0);
  });

  it('allows the TOTP secret on the two endpoints made to show it, and the session id in Set-Cookie', () => {
    const secret = { secretKey: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' };
    expect(judge(req('/user/two-factor-secret-key', 'GET'), json(200, secret), secrets)).toEqual([]);
    expect(judge(req('/USER/two-factor-qr-code/', 'GET'), json(200, secret), secrets)).toEqual([]);
    expect(judge(req('/api/user', 'GET'), json(200, secret), secrets)).not.toEqual([]);
    const cookie = json(204, '', { 'set-cookie': [`app_session=${'Zx9'.repeat(15)}; Path=/; HttpOnly`] });
    expect(judge(req('/sanctum/csrf-cookie', 'GET'), cookie, secrets)).toEqual([]);
  });
});
