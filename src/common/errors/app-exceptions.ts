import { HttpException, HttpStatus } from '@nestjs/common';
import { AUTH_ERRORS, HTTP_ERRORS } from './error-codes';

export type FieldErrors = Record<string, string[]>;

/** Laravel-style 422: `message` is the first error, `errors` lists every failing field. */
export class ValidationFailedException extends HttpException {
  constructor(public readonly errors: FieldErrors) {
    const first = Object.values(errors)[0]?.[0] ?? 'The given data was invalid.';
    super({ message: first, errors }, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  static field(field: string, message: string): ValidationFailedException {
    return new ValidationFailedException({ [field]: [message] });
  }
}

export class CsrfMismatchException extends HttpException {
  constructor() {
    super({ message: AUTH_ERRORS.CSRF_MISMATCH }, 419);
  }
}

export class TooManyAttemptsException extends HttpException {
  constructor(public readonly retryAfterSeconds: number) {
    super({ message: AUTH_ERRORS.TOO_MANY_ATTEMPTS }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/** The database is known to be unreachable: 503 at once rather than another wait. */
export class DatabaseUnavailableException extends HttpException {
  constructor() {
    super({ message: HTTP_ERRORS.DATABASE_UNAVAILABLE }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

/** Too many password hashes already waiting: 503 at once, so a login storm slows logins only. */
export class ServerBusyException extends HttpException {
  readonly retryAfterSeconds = 1;
  constructor() {
    super({ message: HTTP_ERRORS.BUSY }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

/** A request that outlived REQUEST_TIMEOUT: 503, never left hanging. */
export class DeadlineExceededException extends HttpException {
  constructor() {
    super({ message: HTTP_ERRORS.REQUEST_TIMEOUT }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

export class PasswordConfirmationRequiredException extends HttpException {
  constructor() {
    super({ message: AUTH_ERRORS.PASSWORD_CONFIRMATION_REQUIRED }, HttpStatus.LOCKED);
  }
}
