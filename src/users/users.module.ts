import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions/sessions.module';
import { UpdatePasswordAction } from './actions/update-password.action';
import { CurrenciesService } from './currencies.service';
import { Currency } from './currency.entity';
import { InviteCode } from './invite-code.entity';
import { PayoutAccount } from './payout-account.entity';
import { User } from './user.entity';
import { PasswordController } from './password.controller';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Currency, InviteCode, PayoutAccount]), SessionsModule],
  controllers: [UsersController, PasswordController],
  providers: [UsersRepository, UsersService, CurrenciesService, UpdatePasswordAction],
  exports: [UsersRepository, UsersService, CurrenciesService],
})
export class UsersModule {}
