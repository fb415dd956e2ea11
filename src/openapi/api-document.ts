import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { BEARER_SCHEME, COOKIE_SCHEME } from '../common/decorators/access.decorators';
import { AppConfig } from '../config/auth.config';
import {
  API_SCHEMA_EXTENSIONS,
  extendApiDocument,
  extensionModels,
  type ApiSchemaExtension,
} from '../extensions/api-schema-extensions';
import { addErrorResponses } from './error-responses';
import { routeFacts } from './route-facts';

/**
 * The OpenAPI document of the composed app, as served at /docs/json and checked in beside the typed
 * client (clients/typescript, generated with the default configuration: only APP_NAME and
 * SESSION_COOKIE change it).
 */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const config = app.get(AppConfig);
  // The composed products' fields on the core's schemas (registration, user resource, profile).
  const extensions = app.get<ApiSchemaExtension[]>(API_SCHEMA_EXTENSIONS);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(config.appName)
      .setDescription(
        'Cookie-session (SPA) and bearer-token (API/mobile) authentication. `/api` routes answer in the ' +
          '`{success, errors_message, data}` envelope; other routes answer bare bodies. Errors: 401 ' +
          '`Unauthenticated.`, 403, 404, 419 `CSRF token mismatch.`, 422 `{message, errors}`, 423 ' +
          '`Password confirmation required.`, 429 with Retry-After, 503 with Retry-After; each ' +
          'operation lists the ones it can answer. Every response carries `X-Request-Id`.',
      )
      .setVersion('1.0')
      .setLicense('MIT', 'https://opensource.org/license/mit')
      // Relative: the API is wherever this document is served from (APP_URL).
      .addServer('/', 'The server this document is served from')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: '`<id>|<secret>` from /api/login' },
        BEARER_SCHEME,
      )
      .addCookieAuth(config.session.cookie, undefined, COOKIE_SCHEME)
      // Routes are closed unless they say otherwise (@Public, @OptionalAuth): either credential.
      .addSecurityRequirements(BEARER_SCHEME)
      .addSecurityRequirements(COOKIE_SCHEME)
      .build(),
    {
      extraModels: extensionModels(extensions),
      // Explicit ids (@ApiOperation({ operationId })) are the contract; this only names a route that forgot one.
      operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    },
  );
  extendApiDocument(document, extensions);
  dedupeSecurity(document);
  addErrorResponses(document, routeFacts(app));
  return document;
}

/** A class-level and a handler-level @ApiSecurity can name one requirement twice. */
function dedupeSecurity(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths))
    for (const op of Object.values(item) as { security?: Record<string, string[]>[] }[]) {
      if (!op?.security) continue;
      const seen = new Set<string>();
      op.security = op.security.filter((s) => {
        const key = JSON.stringify(s);
        return !seen.has(key) && !!seen.add(key);
      });
    }
}
