import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AdminUsersController } from './admin-users.controller';
import { RolesService } from './roles.service';

/** Granting and revoking roles: the admin API and the `user:role` CLI. */
@Module({
  imports: [UsersModule],
  controllers: [AdminUsersController],
  providers: [RolesService],
  exports: [RolesService],
})
export class RolesModule {}
