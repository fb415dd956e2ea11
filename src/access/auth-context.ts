import type { Session } from '../sessions/session.entity';
import type { PersonalAccessToken } from '../tokens/personal-access-token.entity';
import type { User } from '../users/user.entity';

/** Who is calling and through which credential; attached to the request by AuthenticationGuard. */
export type AuthContext =
  | { kind: 'session'; user: User; session: Session }
  | { kind: 'token'; user: User; token: PersonalAccessToken };

declare module 'fastify' {
  /** Per-request state the guard chain leaves on the request. */
  interface FastifyRequest {
    auth?: AuthContext;
  }
}
