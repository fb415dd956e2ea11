import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SessionsModule } from '../../sessions/sessions.module';
import { AuthenticationGuard } from './authentication.guard';
import { CsrfGuard } from './csrf.guard';
import { PolicyGuard } from './policy.guard';

/** The global chain, bound in order: authenticate → CSRF → policy. */
@Module({
  imports: [SessionsModule],
  providers: [
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: PolicyGuard },
  ],
})
export class GuardsModule {}
