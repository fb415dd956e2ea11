/** Messages that are part of the HTTP contract (docs/http-contract.md §1). */
export const AUTH_ERRORS = {
  UNAUTHENTICATED: 'Unauthenticated.',
  UNAUTHORIZED: 'This action is unauthorized.',
  CSRF_MISMATCH: 'CSRF token mismatch.',
  TOO_MANY_ATTEMPTS: 'Too Many Attempts.',
  INVALID_CREDENTIALS: 'These credentials do not match our records.',
  PASSWORD_CONFIRMATION_REQUIRED: 'Password confirmation required.',
  INVALID_ABILITY: 'Invalid ability provided.',
} as const;

export const HTTP_ERRORS = {
  MALFORMED_JSON: 'Malformed JSON in request body.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA: 'Unsupported request body encoding.',
  UNSUPPORTED_BODY_TYPE: 'The request body must be JSON, a URL-encoded form or a multipart form.',
  BAD_REQUEST: 'Bad request.',
  NOT_FOUND: 'Not Found.',
  CONFLICT: 'The resource already exists.',
  GONE_MEANWHILE: 'The resource was changed or removed meanwhile. Please reload it.',
  DATABASE_UNAVAILABLE: 'Service temporarily unavailable. Please try again shortly.',
  SERVER_ERROR: 'Server Error.',
  BUSY: 'Too many sign-ins at once. Please try again shortly.',
  REQUEST_TIMEOUT: 'The request took too long to complete. Please try again shortly.',
} as const;

/** Unique constraints whose violation is a validation error on a known field. */
export const UNIQUE_CONSTRAINT_FIELDS: Record<string, string> = {
  users_email_lower_unique: 'email',
};
