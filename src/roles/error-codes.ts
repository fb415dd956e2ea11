/** Messages of the roles module (the CLI and the admin API). */
export const ROLES_ERRORS = {
  OWN_ADMIN_ROLE: 'You cannot remove your own admin role.',
  UNKNOWN_ROLE: (role: string) => `Unknown role "${role}". Roles: listener, producer, creator, admin.`,
  UNKNOWN_USER: (email: string) => `No user with the email ${email}.`,
} as const;
