import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountNoticesListener } from './account-notices.listener';
import { PasswordCheck } from './password-check';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UserRolesRepository } from './user-roles.repository';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UsersRepository, UserRolesRepository, UsersService, PasswordCheck, AccountNoticesListener],
  exports: [UsersService, PasswordCheck],
})
export class UsersModule {}
