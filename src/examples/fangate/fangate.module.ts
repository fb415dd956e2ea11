import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { ExtensionContributions } from '../../extensions/example-module';
import { TokensModule } from '../../tokens/tokens.module';
import { UsersModule } from '../../users/users.module';
import { CurrenciesService } from './accounts/currencies.service';
import { FangateAccountsService } from './accounts/fangate-accounts.service';
import { FangateProfile } from './accounts/fangate-profile';
import { FangateRegistration } from './accounts/fangate-registration';
import { FangateUserResource } from './accounts/fangate-user-resource';
import { ConsentTagsController } from './consent-tags/consent-tags.controller';
import { ConsentTagsService } from './consent-tags/consent-tags.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardService } from './dashboard/dashboard.service';
import { FANGATE_ENTITIES } from './entities';
import { FangateConfig } from './fangate.config';
import { FANGATE_MIGRATIONS } from './migrations';
import { ProductsController } from './products/products.controller';
import { ProductsService } from './products/products.service';
import { CreatorFiguresService } from './wallet/creator-figures.service';
import { WalletController } from './wallet/wallet.controller';
import { WalletService } from './wallet/wallet.service';

const EXTENSIONS = [FangateRegistration, FangateUserResource, FangateProfile];

/**
 * Fangate example resources under /api (the envelope): products, media, consent tags, wallet,
 * dashboard; and its side of every account (currency, fee, master account, referrer, payout account,
 * invite code, adult-content settings), plugged into the core's registration, user resource and
 * profile through the extension points (the statics below). Composed in by AppModule.forRoot(); its
 * tables come from its own entities and migrations.
 */
@Module({
  imports: [TypeOrmModule.forFeature(FANGATE_ENTITIES), UsersModule, TokensModule],
  controllers: [ProductsController, ConsentTagsController, WalletController, DashboardController],
  providers: [
    { provide: FangateConfig, useFactory: () => FangateConfig.fromEnv(process.env) },
    CurrenciesService,
    FangateAccountsService,
    ...EXTENSIONS,
    ProductsService,
    ConsentTagsService,
    WalletService,
    CreatorFiguresService,
    DashboardService,
  ],
  exports: EXTENSIONS,
})
export class FangateModule {
  static readonly entities = FANGATE_ENTITIES;
  static readonly migrations = FANGATE_MIGRATIONS;
  static readonly extensions: ExtensionContributions = {
    registration: [FangateRegistration],
    userResource: [FangateUserResource],
    profile: [FangateProfile],
  };
}
