/** Messages of the Fangate example resources. */
export const CREATOR_STUDIO_ERRORS = {
  UNKNOWN_USER: 'The selected user id is invalid.',
  TAG_SELF: 'You cannot tag yourself.',
  ALREADY_TAGGED: 'This user is already tagged on this product.',
  INVALID_TOKEN: 'Invalid token.',
  NOT_A_CREATOR: 'This account is not a creator account.',
} as const;
