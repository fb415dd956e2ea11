import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountNoticesListener } from './account-notices.listener';
import { CurrenciesService } from './currencies.service';
import { Currency } from './currency.entity';
import { InviteCode } from './invite-code.entity';
import { PayoutAccount } from './payout-account.entity';
import { User } from './user.entity';
import { PasswordCheck } from './password-check';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Currency, InviteCode, PayoutAccount])],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, CurrenciesService, PasswordCheck, AccountNoticesListener],
  exports: [UsersRepository, UsersService, CurrenciesService, PasswordCheck],
})
export class UsersModule {}
