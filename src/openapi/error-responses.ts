import type { OpenAPIObject, OperationObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { AUTH_ERRORS, HTTP_ERRORS } from '../common/errors/error-codes';
import type { RouteFacts } from './route-facts';

type SchemaMap = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

/**
 * The two error bodies of the contract, as the exception filter renders them: `/api` routes answer in
 * the envelope, every other route with the bare `{message}` (both with `errors` on 422).
 */
export const ERROR_SCHEMAS: SchemaMap = {
  ApiError: {
    type: 'object',
    description: 'An error of an `/api` route.',
    required: ['success', 'errors_message', 'message', 'data'],
    properties: {
      success: { type: 'boolean', enum: [false] },
      errors_message: { type: 'string', example: AUTH_ERRORS.UNAUTHENTICATED },
      message: { type: 'string', example: AUTH_ERRORS.UNAUTHENTICATED },
      data: { type: 'object', nullable: true, enum: [null] },
    },
    additionalProperties: false,
  },
  ApiValidationError: {
    type: 'object',
    description: 'A 422 of an `/api` route: the first message, and every failing field with its messages.',
    required: ['success', 'errors_message', 'message', 'data', 'errors'],
    properties: {
      success: { type: 'boolean', enum: [false] },
      errors_message: { type: 'string', example: 'The email field is required.' },
      message: { type: 'string', example: 'The email field is required.' },
      data: { type: 'object', nullable: true, enum: [null] },
      errors: { $ref: '#/components/schemas/FieldErrors' },
    },
    additionalProperties: false,
  },
  Error: {
    type: 'object',
    description: 'An error of a Sanctum/Fortify route (every route outside `/api`).',
    required: ['message'],
    properties: { message: { type: 'string', example: AUTH_ERRORS.CSRF_MISMATCH } },
    additionalProperties: false,
  },
  ValidationError: {
    type: 'object',
    description:
      'A 422 of a route outside `/api`: the first message, and every failing field with its messages.',
    required: ['message', 'errors'],
    properties: {
      message: { type: 'string', example: 'The email field is required.' },
      errors: { $ref: '#/components/schemas/FieldErrors' },
    },
    additionalProperties: false,
  },
  FieldErrors: {
    type: 'object',
    description: 'Each failing field (dotted for nested ones) with its messages.',
    additionalProperties: { type: 'array', items: { type: 'string' }, minItems: 1 },
    example: { email: ['The email field is required.'] },
  },
};

interface ErrorKind {
  /** Component name (the `/api` one is prefixed with `Api`). */
  name: string;
  description: string;
  message: string;
  validation?: boolean;
  retryAfter?: boolean;
}

export const ERROR_KINDS: Record<number, ErrorKind> = {
  400: {
    name: 'BadRequest',
    description: 'Malformed JSON, or a value the database cannot hold.',
    message: HTTP_ERRORS.MALFORMED_JSON,
  },
  401: {
    name: 'Unauthenticated',
    description: 'No valid session or token; an expired one.',
    message: AUTH_ERRORS.UNAUTHENTICATED,
  },
  403: {
    name: 'Forbidden',
    description: 'Role, token ability or ownership does not allow it.',
    message: AUTH_ERRORS.UNAUTHORIZED,
  },
  404: { name: 'NotFound', description: 'No such resource.', message: HTTP_ERRORS.NOT_FOUND },
  409: {
    name: 'Conflict',
    description: 'The resource already exists, or was changed or removed meanwhile.',
    message: HTTP_ERRORS.CONFLICT,
  },
  413: {
    name: 'PayloadTooLarge',
    description: 'The request body is too large.',
    message: HTTP_ERRORS.PAYLOAD_TOO_LARGE,
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'A body that is not JSON, a URL-encoded or a multipart form, or an unknown encoding.',
    message: HTTP_ERRORS.UNSUPPORTED_BODY_TYPE,
  },
  419: {
    name: 'CsrfTokenMismatch',
    description: 'A session request without its CSRF token (or no session on a session route).',
    message: AUTH_ERRORS.CSRF_MISMATCH,
  },
  422: {
    name: 'ValidationFailed',
    description: 'Validation failed.',
    message: 'The email field is required.',
    validation: true,
  },
  423: {
    name: 'PasswordConfirmationRequired',
    description: 'The password must be confirmed first (POST /user/confirm-password).',
    message: AUTH_ERRORS.PASSWORD_CONFIRMATION_REQUIRED,
  },
  429: {
    name: 'TooManyAttempts',
    description: 'Throttled: retry after `Retry-After` seconds.',
    message: AUTH_ERRORS.TOO_MANY_ATTEMPTS,
    retryAfter: true,
  },
  503: {
    name: 'ServiceUnavailable',
    description:
      'The database is unreachable, the sign-in queue is full, or the request outlived REQUEST_TIMEOUT.',
    message: HTTP_ERRORS.DATABASE_UNAVAILABLE,
    retryAfter: true,
  },
};

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** `/api` routes answer in the envelope (common/http/api-route.ts). */
export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/** The error statuses a route can answer, from what its guards, parameters and body make possible. */
export function possibleErrors(
  op: OperationObject,
  route: RouteFacts | undefined,
  path: string,
  method: string,
): number[] {
  const params = (op.parameters ?? []) as { in?: string }[];
  const hasBody = !!op.requestBody;
  const hasQuery = params.some((p) => p.in === 'query');
  const hasPathParam = path.includes('{');
  const security = op.security ?? [];
  const bearerOnly = security.length > 0 && security.every((s) => Object.keys(s).join() === 'bearer');
  const statuses = new Set<number>();
  if (hasBody || hasQuery || hasPathParam) statuses.add(400);
  if (route?.access !== 'public') statuses.add(401);
  if (route && (route.roles.length || route.abilities.length || route.policy)) statuses.add(403);
  // A path naming no row, or a route whose feature is turned off (AUTH_FEATURES).
  if (hasPathParam || route?.features.length) statuses.add(404);
  if (hasBody) [413, 415].forEach((s) => statuses.add(s));
  if (UNSAFE.has(method) && (route?.sessionRoute || !bearerOnly)) statuses.add(419);
  // A write racing another request: a row created twice, or removed meanwhile (the exception filter's 409).
  if (UNSAFE.has(method)) statuses.add(409);
  if (hasBody || hasQuery) statuses.add(422);
  if (route?.passwordConfirmation) statuses.add(423);
  if (route?.guards.includes('IpRateLimitGuard')) statuses.add(429);
  // Liveness touches nothing; every other route waits on the database (or answers for it).
  if (path !== '/api/health') statuses.add(503);
  return [...statuses].sort();
}

/** The shared error responses, one per family and status, under components.responses. */
function errorResponses(): Record<string, ResponseObject> {
  const responses: Record<string, ResponseObject> = {};
  for (const [status, kind] of Object.entries(ERROR_KINDS))
    for (const api of [true, false]) {
      const schema = `${api ? 'Api' : ''}${kind.validation ? 'ValidationError' : 'Error'}`;
      const errors = kind.validation ? { errors: { email: [kind.message] } } : {};
      const example = api
        ? { success: false, errors_message: kind.message, message: kind.message, data: null, ...errors }
        : { message: kind.message, ...errors };
      responses[responseName(Number(status), api)] = {
        description: kind.description,
        ...(kind.retryAfter && {
          headers: {
            'Retry-After': {
              description: 'Seconds to wait before trying again.',
              schema: { type: 'integer' },
            },
          },
        }),
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` }, example } },
      };
    }
  return responses;
}

const responseName = (status: number, api: boolean): string =>
  `${api ? 'Api' : ''}${ERROR_KINDS[status].name}`;

/**
 * Adds the error answers each operation can give: a reference to the shared response, or, where the
 * route describes an error itself (`@ApiResponse({ status: 403, description })`) without a body, that
 * description with the family's body.
 */
export function addErrorResponses(document: OpenAPIObject, facts: Map<string, RouteFacts>): void {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...ERROR_SCHEMAS };
  const shared = errorResponses();
  const used = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    const api = isApiPath(path);
    for (const [method, op] of Object.entries(item) as [string, OperationObject][]) {
      if (!op?.responses) continue;
      const route = facts.get(`${method} ${path}`);
      const declared = Object.keys(op.responses)
        .map(Number)
        .filter((s) => s >= 400 && ERROR_KINDS[s]);
      const statuses = new Set([...possibleErrors(op, route, path, method), ...declared]);
      for (const status of [...statuses].sort()) {
        const name = responseName(status, api);
        const own = op.responses[status] as ResponseObject | ReferenceObject | undefined;
        if (own && ('$ref' in own || own.content)) continue;
        if (own) {
          op.responses[status] = {
            ...shared[name],
            description: own.description || shared[name].description,
          };
        } else {
          used.add(name);
          op.responses[status] = { $ref: `#/components/responses/${name}` };
        }
      }
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  const responses = Object.entries(shared).filter(([name]) => used.has(name));
  document.components.responses = { ...document.components.responses, ...Object.fromEntries(responses) };
}
