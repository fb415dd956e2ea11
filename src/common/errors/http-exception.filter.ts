import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isApiRequest } from '../http/api-route';
import { REQUEST_ID_HEADER } from '../http/request-id';
import { ServerBusyException, TooManyAttemptsException } from './app-exceptions';
import { AUTH_ERRORS, HTTP_ERRORS, UNIQUE_CONSTRAINT_FIELDS } from './error-codes';
import {
  foreignKeyViolation,
  isConnectionError,
  isDataError,
  isPoolSaturated,
  uniqueViolation,
} from './database-errors';

interface Rendered {
  status: number;
  message: string;
  errors?: Record<string, string[]>;
  headers?: Record<string, string>;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: HTTP_ERRORS.BAD_REQUEST,
  401: AUTH_ERRORS.UNAUTHENTICATED,
  403: AUTH_ERRORS.UNAUTHORIZED,
  404: HTTP_ERRORS.NOT_FOUND,
  413: HTTP_ERRORS.PAYLOAD_TOO_LARGE,
  419: AUTH_ERRORS.CSRF_MISMATCH,
  429: AUTH_ERRORS.TOO_MANY_ATTEMPTS,
};

/** body-parser's error types (they reach us before any Nest handler runs). */
const BODY_ERRORS: Record<string, Rendered> = {
  'entity.parse.failed': { status: 400, message: HTTP_ERRORS.MALFORMED_JSON },
  'entity.too.large': { status: 413, message: HTTP_ERRORS.PAYLOAD_TOO_LARGE },
  'encoding.unsupported': { status: 415, message: HTTP_ERRORS.UNSUPPORTED_MEDIA },
  'charset.unsupported': { status: 415, message: HTTP_ERRORS.UNSUPPORTED_MEDIA },
  'request.aborted': { status: 400, message: HTTP_ERRORS.BAD_REQUEST },
  'parameters.too.many': { status: 413, message: HTTP_ERRORS.PAYLOAD_TOO_LARGE },
  'request.size.invalid': { status: 400, message: HTTP_ERRORS.BAD_REQUEST },
};

interface BodyReadError {
  type?: unknown;
  status?: unknown;
  code?: unknown;
  errno?: unknown;
}

/**
 * The error of reading a request body, if `exception` is one. A body that does not decompress under
 * its Content-Encoding (bad gzip, deflate or brotli data) arrives as zlib's own error (a numeric
 * `errno`, a `code` such as Z_DATA_ERROR) with no `type`: body-parser only gives it status 400.
 */
function bodyError(exception: unknown): Rendered | undefined {
  if (exception === null || typeof exception !== 'object') return undefined;
  const e = exception as BodyReadError;
  if (typeof e.type === 'string' && Object.hasOwn(BODY_ERRORS, e.type)) return BODY_ERRORS[e.type];
  if (e.status === 400 && typeof e.errno === 'number' && typeof e.code === 'string')
    return { status: 400, message: 'The request body could not be decompressed.' };
  return undefined;
}

/** Renders every error as the JSON of docs/http-contract.md §1: the `/api` envelope or the bare `{message}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  /** `onDatabaseUnreachable` hears of every request that failed because the database did not answer. */
  constructor(private readonly onDatabaseUnreachable: () => void = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    this.send(exception, ctx.getRequest<Request>(), ctx.getResponse<Response>());
  }

  send(exception: unknown, req: Request, res: Response): void {
    // A handler that finishes after REQUEST_TIMEOUT answered for it finds the response sent.
    if (res.headersSent) {
      if (this.showsDatabaseDown(exception)) this.onDatabaseUnreachable();
      return void res.end();
    }
    const r = this.render(exception, req);
    for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
    const body = isApiRequest(req)
      ? {
          success: false,
          errors_message: r.message,
          message: r.message,
          data: null,
          ...(r.errors && { errors: r.errors }),
        }
      : { message: r.message, ...(r.errors && { errors: r.errors }) };
    res.status(r.status).json(body);
  }

  private render(exception: unknown, req: Request): Rendered {
    if (exception instanceof HttpException) return this.fromHttp(exception);
    const body = bodyError(exception);
    if (body) return body;

    const unique = uniqueViolation(exception);
    if (unique) {
      const field = unique.constraint && UNIQUE_CONSTRAINT_FIELDS[unique.constraint];
      if (field) {
        const message = `The ${field.replace(/_/g, ' ')} has already been taken.`;
        return { status: 422, message, errors: { [field]: [message] } };
      }
      return { status: 409, message: HTTP_ERRORS.CONFLICT };
    }
    if (isConnectionError(exception)) {
      if (this.showsDatabaseDown(exception)) this.onDatabaseUnreachable();
      this.logger.warn(`Database unreachable on ${req.method} ${req.path}: ${(exception as Error)?.message}`);
      return { status: 503, message: HTTP_ERRORS.DATABASE_UNAVAILABLE, headers: { 'Retry-After': '5' } };
    }
    if (isDataError(exception)) return { status: 400, message: HTTP_ERRORS.BAD_REQUEST };
    // A row deleted by a concurrent request between this request's check and its write or re-read.
    if (foreignKeyViolation(exception)) return { status: 409, message: HTTP_ERRORS.GONE_MEANWHILE };
    if ((exception as Error)?.name === 'EntityNotFoundError')
      return { status: 404, message: HTTP_ERRORS.NOT_FOUND };

    this.logger.error(
      `Unhandled error on ${req.method} ${req.path} (request ${String(req.res?.getHeader(REQUEST_ID_HEADER) ?? '-')})`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return { status: 500, message: HTTP_ERRORS.SERVER_ERROR };
  }

  private showsDatabaseDown(exception: unknown): boolean {
    return isConnectionError(exception) && !isPoolSaturated(exception);
  }

  private fromHttp(exception: HttpException): Rendered {
    const status = exception.getStatus();
    const payload = exception.getResponse() as
      string | { message?: unknown; errors?: Record<string, string[]> };
    let message = DEFAULT_MESSAGES[status] ?? exception.message;
    if (typeof payload === 'string') message = payload;
    else if (typeof payload?.message === 'string') message = payload.message;
    // Nest's own exceptions (e.g. route not found) keep their text; 401/403/429 keep the contract's.
    if (status === HttpStatus.UNAUTHORIZED && message === 'Unauthorized')
      message = AUTH_ERRORS.UNAUTHENTICATED;
    // `new ForbiddenException()` says 'Forbidden', a guard returning false 'Forbidden resource'.
    if (status === HttpStatus.FORBIDDEN && (message === 'Forbidden' || message === 'Forbidden resource'))
      message = AUTH_ERRORS.UNAUTHORIZED;
    const headers =
      exception instanceof TooManyAttemptsException || exception instanceof ServerBusyException
        ? { 'Retry-After': String(exception.retryAfterSeconds) }
        : status === HttpStatus.SERVICE_UNAVAILABLE
          ? { 'Retry-After': '5' }
          : undefined;
    const errors = typeof payload === 'object' ? payload?.errors : undefined;
    return { status, message, errors, headers };
  }
}
