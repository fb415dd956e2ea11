import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SessionsModule } from '../../sessions/sessions.module';
import { AuthenticationGuard } from './authentication.guard';
import { CsrfGuard } from './csrf.guard';
import { PolicyGuard } from './policy.guard';
import { ResourcePolicyGuard } from './resource-policy.guard';

/**
 * The global chain, bound in order: authenticate → CSRF → policy (roles and abilities, then the
 * route's resource policy).
 */
@Module({
  imports: [SessionsModule],
  providers: [
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: PolicyGuard },
    { provide: APP_GUARD, useClass: ResourcePolicyGuard },
  ],
})
export class GuardsModule {}
