import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApiRequest, requestPath } from '../http/api-route';
import { BODY_DECODING_FAILED } from '../http/body-reading';
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

/** Fastify's errors of reading a body (they reach the filter before any Nest handler runs). */
const BODY_ERRORS: Record<string, Rendered> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: HTTP_ERRORS.PAYLOAD_TOO_LARGE },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: HTTP_ERRORS.UNSUPPORTED_BODY_TYPE },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: HTTP_ERRORS.BAD_REQUEST },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: HTTP_ERRORS.MALFORMED_JSON },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: HTTP_ERRORS.MALFORMED_JSON },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, message: HTTP_ERRORS.UNSUPPORTED_BODY_TYPE },
};

/**
 * The error of reading a request body, if `exception` is one (Nest wraps Fastify's in an
 * HttpException whose cause is the original): a body that does not decompress under its
 * Content-Encoding, a JSON syntax error, or one of Fastify's content-type-parser errors.
 */
function bodyError(exception: unknown): Rendered | undefined {
  const e = (exception instanceof HttpException ? exception.cause : exception) as
    (Error & { code?: unknown; statusCode?: unknown; [BODY_DECODING_FAILED]?: boolean }) | undefined;
  if (e === null || typeof e !== 'object') return undefined;
  if (e[BODY_DECODING_FAILED]) return { status: 400, message: 'The request body could not be decompressed.' };
  if (typeof e.code === 'string' && Object.hasOwn(BODY_ERRORS, e.code)) return BODY_ERRORS[e.code];
  if (e instanceof SyntaxError && e.statusCode === 400)
    return { status: 400, message: HTTP_ERRORS.MALFORMED_JSON };
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
    this.send(exception, ctx.getRequest<FastifyRequest>(), ctx.getResponse<FastifyReply>());
  }

  send(exception: unknown, req: FastifyRequest, res: FastifyReply): void {
    // A handler that finishes after REQUEST_TIMEOUT answered for it finds the response sent.
    if (res.sent || res.raw.headersSent) {
      if (this.showsDatabaseDown(exception)) this.onDatabaseUnreachable();
      return;
    }
    const r = this.render(exception, req);
    for (const [k, v] of Object.entries(r.headers ?? {})) res.header(k, v);
    const body = isApiRequest(req)
      ? {
          success: false,
          errors_message: r.message,
          message: r.message,
          data: null,
          ...(r.errors && { errors: r.errors }),
        }
      : { message: r.message, ...(r.errors && { errors: r.errors }) };
    res.code(r.status).send(body);
  }

  private render(exception: unknown, req: FastifyRequest): Rendered {
    const body = bodyError(exception);
    if (body) return body;
    if (exception instanceof HttpException) return this.fromHttp(exception);

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
      this.logger.warn(
        `Database unreachable on ${req.method} ${requestPath(req)}: ${(exception as Error)?.message}`,
      );
      return { status: 503, message: HTTP_ERRORS.DATABASE_UNAVAILABLE, headers: { 'Retry-After': '5' } };
    }
    if (isDataError(exception)) return { status: 400, message: HTTP_ERRORS.BAD_REQUEST };
    // A row deleted by a concurrent request between this request's check and its write or re-read.
    if (foreignKeyViolation(exception)) return { status: 409, message: HTTP_ERRORS.GONE_MEANWHILE };
    if ((exception as Error)?.name === 'EntityNotFoundError')
      return { status: 404, message: HTTP_ERRORS.NOT_FOUND };

    this.logger.error(
      `Unhandled error on ${req.method} ${requestPath(req)} (request ${req.id})`,
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
