import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { BadRequestException, Logger } from '@nestjs/common';
import { accessLog } from './common/logging/access-log';
import { DatabaseUnavailableException } from './common/errors/app-exceptions';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { DatabaseGate } from './database/database-gate';
import { EnvelopingFastifyAdapter } from './common/http/http-adapter';
import { answerClientErrorInJson, HEADERS_TIMEOUT_MS } from './common/http/client-errors';
import { requestDeadline } from './common/http/request-deadline';
import { REQUEST_ID_HEADER, requestIdOf } from './common/http/request-id';
import { requestPath } from './common/http/api-route';
import { securityHeaders } from './common/http/security-headers';
import { StatefulDomains } from './common/http/stateful-domains';
import { rejectDeepBodies } from './common/validation/body-depth';
import { refuseUnreadBodies } from './common/http/body-type';
import { bodyLimitBytes, registerBodyReading } from './common/http/body-reading';
import { createValidationPipe } from './common/validation/validation.pipe';
import { AppConfig } from './config/auth.config';
import { buildApiDocument } from './openapi/api-document';

/** Routes that do not wait behind the database circuit: liveness, readiness (it checks for itself), the API document. */
const NO_DATABASE = /^\/(api\/health(\/ready)?$|docs(\/|$))/;

const CORS_HEADERS = [
  'X-XSRF-TOKEN',
  'X-CSRF-TOKEN',
  'X-Requested-With',
  'Content-Type',
  'Accept',
  'Authorization',
];

/**
 * The HTTP server under Nest: Fastify, for its per-request cost (a third of Express's on this API's
 * reads). main.ts and the e2e tests pass it to NestFactory.create with `{ bodyParser: false }`
 * (setupApp registers the body readers), then call setupApp.
 */
export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  const filter = new HttpExceptionFilter();
  return new EnvelopingFastifyAdapter({
    // A URL the router cannot decode (`%ZZ`, a broken UTF-8 sequence) never reaches a hook: it gets
    // the contract's 400 here rather than Fastify's own error body.
    frameworkErrors: (_err: Error, req: FastifyRequest, reply: FastifyReply) => {
      reply.header(REQUEST_ID_HEADER, req.id);
      filter.send(new BadRequestException(), req, reply);
    },
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    bodyLimit: bodyLimitBytes(config.bodyLimit),
    genReqId: requestIdOf,
    clientErrorHandler: answerClientErrorInJson,
    // The router's default refuses a path parameter over 100 characters with a bare 414; a long
    // value must reach its handler, which answers as the contract says (Node caps the URL anyway).
    routerOptions: { maxParamLength: 16 * 1024 },
    // No Nest middleware and no `app.use()` here: every step is a Fastify hook.
    skipMiddie: true,
    // Nest's own multipart handling (NoFilesInterceptor) registers @fastify/multipart when used.
    logger: false,
  });
}

/** Everything main.ts and the e2e tests share, on the app made with createHttpAdapter(). */
export async function setupApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  const stateful = app.get(StatefulDomains);
  const gate = app.get(DatabaseGate);
  const filter = new HttpExceptionFilter(() => gate.tripped());
  const fastify = app.getHttpAdapter().getInstance();

  app.getHttpServer().headersTimeout = HEADERS_TIMEOUT_MS;
  const security = securityHeaders({ hsts: config.production, crossOriginResourcePolicy: false });
  // On send rather than on request: CORS preflights and unroutable URLs are answered before any
  // request hook of ours runs, and they carry the request id and the security headers too.
  fastify.addHook('onSend', (req, reply, payload, done) => {
    reply.headers(security).header(REQUEST_ID_HEADER, req.id);
    done(null, payload);
  });
  if (config.accessLog) {
    const log = accessLog(new Logger('Access'), config.logFormat);
    fastify.addHook('onResponse', log.onResponse);
    fastify.addHook('onRequestAbort', log.onRequestAbort);
  }
  fastify.addHook(
    'onRequest',
    requestDeadline(config.requestTimeoutSeconds, (err, req, res) => filter.send(err, req, res)),
  );
  // While the database is known to be down, requests that need it do not queue up behind it.
  fastify.addHook('onRequest', async (req: FastifyRequest) => {
    if (!NO_DATABASE.test(requestPath(req)) && !(await gate.admit()))
      throw new DatabaseUnavailableException();
  });
  app.enableCors({
    // Only first-party origins get a (credentialed) grant; every other origin gets no CORS headers.
    origin: (origin, cb) => cb(null, !!origin && stateful.allowsOrigin(origin)),
    credentials: true,
    // One comma-joined string, as clients and proxies that split the header on ',' expect.
    allowedHeaders: CORS_HEADERS.join(','),
    // A page on another port must be able to read how long to wait after a 429.
    exposedHeaders: ['Retry-After', REQUEST_ID_HEADER].join(','),
    methods: 'GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS',
    maxAge: 600,
  });
  fastify.addHook('onRequest', refuseUnreadBodies);
  await registerBodyReading(fastify, bodyLimitBytes(config.bodyLimit));
  fastify.addHook('preValidation', rejectDeepBodies);

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(filter);

  if (config.docsEnabled) serveApiDocument(app);
}

/** The OpenAPI UI at /docs and the document at /docs/json (off in production unless DOCS_ENABLED). */
function serveApiDocument(app: NestFastifyApplication): void {
  // Built at its first request, not at boot: half of a boot's time, for a document few instances serve.
  SwaggerModule.setup('docs', app, () => buildApiDocument(app), { jsonDocumentUrl: 'docs/json' });
}
