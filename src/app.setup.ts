import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from '@nestjs/common';
import { accessLog } from './common/logging/access-log';
import { DatabaseUnavailableException } from './common/errors/app-exceptions';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { DatabaseGate } from './database/database-gate';
import { EnvelopeInterceptor } from './common/http/envelope.interceptor';
import { answerClientErrorsInJson } from './common/http/client-errors';
import { requestDeadline } from './common/http/request-deadline';
import { REQUEST_ID_HEADER, requestId } from './common/http/request-id';
import { StatefulDomains } from './common/http/stateful-domains';
import { rejectDeepBodies } from './common/validation/body-depth';
import { refuseUnreadBodies } from './common/http/body-type';
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

/** Everything main.ts and the e2e tests share: create the app with `{ bodyParser: false }`, then call this. */
export function setupApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  const stateful = app.get(StatefulDomains);
  const gate = app.get(DatabaseGate);
  const filter = new HttpExceptionFilter(() => gate.tripped());

  app.set('trust proxy', config.trustProxy);
  answerClientErrorsInJson(app.getHttpServer());
  app.use(requestId);
  if (config.accessLog) app.use(accessLog(new Logger('Access'), config.logFormat));
  app.use(requestDeadline(config.requestTimeoutSeconds, (err, req, res) => filter.send(err, req, res)));
  // While the database is known to be down, requests that need it do not queue up behind it.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (NO_DATABASE.test(req.path)) return next();
    gate
      .admit()
      .then((open) => (open ? next() : filter.send(new DatabaseUnavailableException(), req, res)), next);
  });
  app.disable('x-powered-by');
  // Every answer is per caller and never cached by a browser: hashing each body for an ETag is pure cost.
  app.set('etag', false);
  app.use(helmet({ hsts: config.production, crossOriginResourcePolicy: false }));
  app.enableCors({
    // Only first-party origins get a (credentialed) grant; every other origin gets no CORS headers.
    origin: (origin, cb) => cb(null, !!origin && stateful.allowsOrigin(origin)),
    credentials: true,
    allowedHeaders: CORS_HEADERS,
    // A page on another port must be able to read how long to wait after a 429.
    exposedHeaders: ['Retry-After', REQUEST_ID_HEADER],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    maxAge: 600,
  });
  app.use(refuseUnreadBodies);
  app.use(express.json({ limit: config.bodyLimit }));
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimit, parameterLimit: 100 }));
  app.use(rejectDeepBodies);
  // Body-parser errors happen before Nest routing; render them like every other error.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => filter.send(err, req, res));

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(filter);
  app.useGlobalInterceptors(new EnvelopeInterceptor());

  if (config.docsEnabled) serveApiDocument(app);
}

/** The OpenAPI UI at /docs and the document at /docs/json (off in production unless DOCS_ENABLED). */
function serveApiDocument(app: NestExpressApplication): void {
  SwaggerModule.setup('docs', app, buildApiDocument(app), { jsonDocumentUrl: 'docs/json' });
}
