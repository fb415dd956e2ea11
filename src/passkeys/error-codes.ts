/** Messages of the passkey routes (422s name the field they are about). */
export const PASSKEY_ERRORS = {
  /** Any assertion or attestation that does not verify: unknown credential, bad signature, wrong origin or RP id. */
  INVALID_RESPONSE: 'The passkey could not be verified.',
  CHALLENGE_EXPIRED: 'The passkey request has expired or was already used. Please try again.',
  COUNTER_ROLLBACK:
    'This passkey reported a signature counter lower than before, which suggests a copy of it is in use. Sign in another way and remove it.',
  ALREADY_REGISTERED: 'This passkey is already registered.',
  LAST_LOGIN_METHOD:
    'This is the only way to log in to the account. Set a password, link a provider or add another passkey first.',
} as const;
