import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../../users/user.entity';
import { ArtistFollow } from './artists/artist-follow.entity';
import { ArtistsController } from './artists/artists.controller';
import { ArtistsService } from './artists/artists.service';
import { BeatRequest } from './beat-requests/beat-request.entity';
import { BeatRequestsController } from './beat-requests/beat-requests.controller';
import { BeatRequestsService } from './beat-requests/beat-requests.service';
import { ConversationParticipant } from './messaging/conversation-participant.entity';
import { Conversation } from './messaging/conversation.entity';
import { MessagingController } from './messaging/messaging.controller';
import { MessagingService } from './messaging/messaging.service';
import { ProducerDashboardService } from './producer-intelligence/producer-dashboard.service';
import { ProducerIntelligenceController } from './producer-intelligence/producer-intelligence.controller';
import { Purchase } from './purchases/purchase.entity';
import { PurchasesController } from './purchases/purchases.controller';
import { PurchasesService } from './purchases/purchases.service';
import { SearchController } from './search/search.controller';
import { SearchService } from './search/search.service';
import { Track } from './tracks/track.entity';
import { TracksController } from './tracks/tracks.controller';
import { TracksService } from './tracks/tracks.service';

/** BeatPass example resources (bare bodies; optional-auth reads, owner-only writes). */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Track,
      Purchase,
      ArtistFollow,
      Conversation,
      ConversationParticipant,
      BeatRequest,
      User,
    ]),
  ],
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
export class BeatpassModule {}
