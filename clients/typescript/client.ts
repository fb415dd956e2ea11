// The typed client of the authentication API: openapi-fetch over the generated schema.d.ts, with the
// two ways to log in (the SPA's cookie session + CSRF token, a bearer token) and typed errors.
// schema.d.ts and openapi.json are generated (npm run client:generate); this file is not.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
export type Schemas = components['schemas'];

/** The four error bodies: the `/api` envelope and the bare `{message}` of the other routes (with `errors` on 422). */
export type ApiErrorBody =
  Schemas['ApiError'] | Schemas['ApiValidationError'] | Schemas['Error'] | Schemas['ValidationError'];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Any answer that is not a 2xx/3xx, with what its body says. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** `errors` of a 422: each failing field with its messages (empty otherwise). */
  readonly fieldErrors: Record<string, string[]>;
  /** Seconds to wait, from `Retry-After` (429 and 503), else null. */
  readonly retryAfter: number | null;
  /** The response's X-Request-Id: quote it when reporting a problem. */
  readonly requestId: string | null;

  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
    readonly response: Response,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.fieldErrors = body && 'errors' in body ? body.errors : {};
    const retry = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    this.retryAfter = Number.isFinite(retry) ? retry : null;
    this.requestId = response.headers.get('x-request-id');
  }

  /** 401: no valid session or token. */
  get unauthenticated(): boolean {
    return this.status === 401;
  }
  /** 419: the CSRF token is missing or stale (fetch a new one: `csrfCookie()`). */
  get csrfMismatch(): boolean {
    return this.status === 419;
  }
  /** 422: see `fieldErrors`. */
  get validation(): boolean {
    return this.status === 422;
  }
  /** 423: confirm the password (POST /user/confirm-password), then retry. */
  get passwordConfirmationRequired(): boolean {
    return this.status === 423;
  }
  /** 429: throttled; see `retryAfter`. */
  get throttled(): boolean {
    return this.status === 429;
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** An `/api` success body (`{success: true, errors_message: null, data}`) stands for its `data`. */
type Unwrapped<T> = T extends { success: true; data: infer D } ? D : T;

/**
 * The body of a successful call, unwrapped from the `/api` envelope; throws ApiError for any error.
 *
 *   const user = await unwrap(api.GET('/api/user'));           // the user resource
 *   const { two_factor } = await unwrap(api.POST('/login', { body }));
 */
export async function unwrap<T>(call: Promise<Result<T>> | Result<T>): Promise<Unwrapped<T>> {
  const { data, error, response } = await call;
  if (!response.ok && !(response.status >= 300 && response.status < 400))
    throw new ApiError(response.status, error as ApiErrorBody | undefined, response);
  if (data && typeof data === 'object' && 'success' in data && 'errors_message' in data)
    return (data as unknown as { data: unknown }).data as Unwrapped<T>;
  return data as Unwrapped<T>;
}

export interface ClientOptions {
  /** Where the API is, e.g. `https://api.example.com` (no trailing slash needed). */
  baseUrl: string;
  /** A fetch implementation (tests, Node); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

export type ApiClient = Client<paths>;

export interface SpaClient extends ApiClient {
  /** `GET /sanctum/csrf-cookie`: starts a session and sets XSRF-TOKEN. Call once before logging in. */
  csrfCookie(): Promise<void>;
}

const readBrowserCookie = (name: string): string | undefined => {
  // Not typed through the DOM library: the client also compiles (and runs) where there is no document.
  const { document } = globalThis as { document?: { cookie: string } };
  if (!document) return undefined;
  const pair = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return pair ? decodeURIComponent(pair.slice(name.length + 1)) : undefined;
};

/**
 * A first-party single-page app: the session cookie travels with every request (`credentials:
 * include`), and every unsafe request carries the XSRF-TOKEN cookie's value in `X-XSRF-TOKEN`.
 * The page's host:port must be in the API's STATEFUL_DOMAINS, and share its host name.
 */
export function createSpaClient(
  options: ClientOptions & {
    /** Reads a cookie of the API's host (document.cookie in a browser). */
    readCookie?: (name: string) => string | undefined;
  },
): SpaClient {
  const readCookie = options.readCookie ?? readBrowserCookie;
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    credentials: 'include',
    fetch: options.fetch,
    headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
  });
  const csrf: Middleware = {
    onRequest({ request }) {
      const token = UNSAFE.has(request.method) ? readCookie('XSRF-TOKEN') : undefined;
      if (token) request.headers.set('X-XSRF-TOKEN', token);
      return request;
    },
  };
  client.use(csrf);
  return Object.assign(client, {
    async csrfCookie(): Promise<void> {
      await unwrap(client.GET('/sanctum/csrf-cookie'));
    },
  });
}

export interface TokenClient extends ApiClient {
  /** The bearer token (`<id>|<secret>`) sent from now on; null to send none. */
  setToken(token: string | null): void;
}

/**
 * An API or mobile client: `Authorization: Bearer <id>|<secret>` (from /api/login, /api/register,
 * /api/two-factor-challenge), no cookies, no CSRF token.
 */
export function createTokenClient(options: ClientOptions & { token?: string | null }): TokenClient {
  let token = options.token ?? null;
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    credentials: 'omit',
    fetch: options.fetch,
    headers: { Accept: 'application/json' },
  });
  client.use({
    onRequest({ request }) {
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });
  return Object.assign(client, {
    setToken(next: string | null): void {
      token = next;
    },
  });
}
