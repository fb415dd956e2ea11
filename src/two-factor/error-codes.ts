export const TWO_FACTOR_ERRORS = {
  INVALID_CODE: 'The provided two factor authentication code was invalid.',
  INVALID_RECOVERY_CODE: 'The provided two factor recovery code was invalid.',
  INVALID_CHALLENGE: 'The two factor challenge is invalid or has expired.',
  CODE_REQUIRED: 'The code field is required when recovery code is not present.',
  NOT_ENABLED: 'Two factor authentication is not enabled.',
  LOGIN_REQUIRED: 'Two factor authentication required',
} as const;
