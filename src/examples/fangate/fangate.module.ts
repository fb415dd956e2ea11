import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../../sessions/sessions.module';
import { InviteCode } from '../../users/invite-code.entity';
import { UsersModule } from '../../users/users.module';
import { FANGATE_ENTITIES } from './entities';
import { FANGATE_MIGRATIONS } from './migrations';
import { ConsentTagsController } from './consent-tags/consent-tags.controller';
import { ConsentTagsService } from './consent-tags/consent-tags.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardService } from './dashboard/dashboard.service';
import { ProductsController } from './products/products.controller';
import { ProductsService } from './products/products.service';
import { CreatorFiguresService } from './wallet/creator-figures.service';
import { WalletController } from './wallet/wallet.controller';
import { WalletService } from './wallet/wallet.service';

/**
 * Fangate example resources under /api (the envelope): products, media, consent tags, wallet,
 * dashboard. Composed in by AppModule.forRoot(); its tables come from its own entities and migrations.
 */
@Module({
  imports: [TypeOrmModule.forFeature([...FANGATE_ENTITIES, InviteCode]), UsersModule, SessionsModule],
  controllers: [ProductsController, ConsentTagsController, WalletController, DashboardController],
  providers: [ProductsService, ConsentTagsService, WalletService, CreatorFiguresService, DashboardService],
})
export class FangateModule {
  static readonly entities = FANGATE_ENTITIES;
  static readonly migrations = FANGATE_MIGRATIONS;
}
