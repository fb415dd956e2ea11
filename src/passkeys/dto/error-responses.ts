import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  401: '`Unauthenticated.`',
  403: '`This action is unauthorized.` (another account’s passkey)',
  404: 'No such passkey',
  419: '`CSRF token mismatch.`',
  422: 'Validation failed; `errors.response` for an assertion or attestation that does not verify, an expired or reused challenge, or a signature counter that went backwards',
  423: '`Password confirmation required.`',
  429: '`Too Many Attempts.`, with Retry-After',
};

const FIELD_ERRORS = {
  type: 'object',
  additionalProperties: { type: 'array', items: { type: 'string' } },
  example: { response: ['The passkey could not be verified.'] },
};

const BARE = {
  type: 'object',
  required: ['message'],
  properties: { message: { type: 'string' }, errors: FIELD_ERRORS },
};

const ENVELOPE = {
  type: 'object',
  required: ['success', 'errors_message', 'message', 'data'],
  properties: {
    success: { type: 'boolean', example: false },
    errors_message: { type: 'string' },
    message: { type: 'string' },
    data: { type: 'object', nullable: true, example: null },
    errors: FIELD_ERRORS,
  },
};

/** The error answers of a passkey route, in its family's shape (bare Fortify bodies, or the `/api` envelope). */
export const PasskeyErrors = (family: 'bare' | 'api', ...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], schema: family === 'api' ? ENVELOPE : BARE }),
    ),
  );
