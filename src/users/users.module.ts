import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CurrenciesService } from './currencies.service';
import { Currency } from './currency.entity';
import { InviteCode } from './invite-code.entity';
import { PayoutAccount } from './payout-account.entity';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Currency, InviteCode, PayoutAccount])],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, CurrenciesService],
  exports: [UsersRepository, UsersService, CurrenciesService],
})
export class UsersModule {}
