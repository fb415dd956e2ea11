import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../../users/user.entity';
import { BEATPASS_ENTITIES } from './entities';
import { BEATPASS_MIGRATIONS } from './migrations';
import { ArtistsController } from './artists/artists.controller';
import { ArtistsService } from './artists/artists.service';
import { BeatRequestsController } from './beat-requests/beat-requests.controller';
import { BeatRequestsService } from './beat-requests/beat-requests.service';
import { MessagingController } from './messaging/messaging.controller';
import { MessagingService } from './messaging/messaging.service';
import { ProducerDashboardService } from './producer-intelligence/producer-dashboard.service';
import { ProducerIntelligenceController } from './producer-intelligence/producer-intelligence.controller';
import { PurchasesController } from './purchases/purchases.controller';
import { PurchasesService } from './purchases/purchases.service';
import { SearchController } from './search/search.controller';
import { SearchService } from './search/search.service';
import { TracksController } from './tracks/tracks.controller';
import { TracksService } from './tracks/tracks.service';

/**
 * BeatPass example resources (bare bodies; optional-auth reads, owner-only writes). Composed in by
 * AppModule.forRoot(); its tables come from its own entities and migrations (the statics below).
 */
@Module({
  imports: [TypeOrmModule.forFeature([...BEATPASS_ENTITIES, User])],
  controllers: [
    TracksController,
    PurchasesController,
    ArtistsController,
    SearchController,
    MessagingController,
    BeatRequestsController,
    ProducerIntelligenceController,
  ],
  providers: [
    TracksService,
    PurchasesService,
    ArtistsService,
    SearchService,
    MessagingService,
    BeatRequestsService,
    ProducerDashboardService,
  ],
})
export class BeatpassModule {
  static readonly entities = BEATPASS_ENTITIES;
  static readonly migrations = BEATPASS_MIGRATIONS;
}
