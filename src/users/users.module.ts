import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions/sessions.module';
import { UpdatePasswordAction } from './actions/update-password.action';
import { User } from './user.entity';
import { PasswordController } from './password.controller';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), SessionsModule],
  controllers: [UsersController, PasswordController],
  providers: [UsersRepository, UsersService, UpdatePasswordAction],
  exports: [UsersRepository, UsersService],
})
export class UsersModule {}
