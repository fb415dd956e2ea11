import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../../sessions/sessions.module';
import { InviteCode } from '../../users/invite-code.entity';
import { UsersModule } from '../../users/users.module';
import { ConsentTag } from './consent-tags/consent-tag.entity';
import { ConsentTagsController } from './consent-tags/consent-tags.controller';
import { ConsentTagsService } from './consent-tags/consent-tags.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardService } from './dashboard/dashboard.service';
import { ProductMedia } from './products/product-media.entity';
import { Product } from './products/product.entity';
import { ProductsController } from './products/products.controller';
import { ProductsService } from './products/products.service';
import { CreatorFiguresService } from './wallet/creator-figures.service';
import { WalletTransaction } from './wallet/wallet-transaction.entity';
import { WalletController } from './wallet/wallet.controller';
import { WalletService } from './wallet/wallet.service';

/** Fangate example resources under /api (the envelope): products, media, consent tags, wallet, dashboard. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Product, ProductMedia, ConsentTag, WalletTransaction, InviteCode]),
    UsersModule,
    SessionsModule,
  ],
  controllers: [ProductsController, ConsentTagsController, WalletController, DashboardController],
  providers: [ProductsService, ConsentTagsService, WalletService, CreatorFiguresService, DashboardService],
})
export class FangateModule {}
