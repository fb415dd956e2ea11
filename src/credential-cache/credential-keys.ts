/** The version keys a cached credential is read under: its user's, and its own. */
export const CredentialKeys = {
  user: (userId: number) => `u:${userId}`,
  token: (tokenId: string) => `t:${tokenId}`,
  session: (sessionId: string) => `s:${sessionId}`,
} as const;
