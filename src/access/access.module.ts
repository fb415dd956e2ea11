import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { AuthenticationGuard } from './guards/authentication.guard';
import { CsrfGuard } from './guards/csrf.guard';
import { PasswordConfirmedGuard } from './guards/password-confirmed.guard';
import { PolicyGuard } from './guards/policy.guard';
import { ResourcePolicyGuard } from './guards/resource-policy.guard';

/**
 * The access layer: who is calling (session cookie or bearer token) and may they. The global
 * chain, bound in order: authenticate → CSRF → policy (roles and abilities, then the
 * route's resource policy) → recent password confirmation where the route asks for it.
 */
@Module({
  imports: [SessionsModule, TokensModule],
  providers: [
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: PolicyGuard },
    { provide: APP_GUARD, useClass: ResourcePolicyGuard },
    // Also provided by class, so that tests and applications can ask it directly.
    PasswordConfirmedGuard,
    { provide: APP_GUARD, useExisting: PasswordConfirmedGuard },
  ],
  exports: [PasswordConfirmedGuard],
})
export class AccessModule {}
