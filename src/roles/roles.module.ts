import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../users/user.entity';
import { AdminUsersController } from './admin-users.controller';
import { RolesService } from './roles.service';

/** Granting and revoking roles: the admin API and the `user:role` CLI. */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [AdminUsersController],
  providers: [RolesService],
  exports: [RolesService],
})
export class RolesModule {}
