import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../users/user.entity';
import { AdminUsersController } from './admin-users.controller';
import { OwnershipService } from './ownership.service';
import { RolesService } from './roles.service';

/** Roles and policies (global: every feature module authorizes through OwnershipService). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [AdminUsersController],
  providers: [OwnershipService, RolesService],
  exports: [OwnershipService, RolesService],
})
export class OwnershipModule {}
