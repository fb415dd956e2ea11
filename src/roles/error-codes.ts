/** Messages of the ownership module (roles, policies, admin API). */
export const OWNERSHIP_ERRORS = {
  OWN_ADMIN_ROLE: 'You cannot remove your own admin role.',
  UNKNOWN_ROLE: (role: string) => `Unknown role "${role}". Roles: listener, producer, creator, admin.`,
  UNKNOWN_USER: (email: string) => `No user with the email ${email}.`,
} as const;
