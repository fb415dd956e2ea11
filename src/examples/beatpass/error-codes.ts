/** Messages of the BeatPass example resources. */
export const CATALOG_ERRORS = {
  ALREADY_PURCHASED: 'You have already purchased this track.',
  FOLLOW_SELF: 'You cannot follow yourself.',
} as const;
