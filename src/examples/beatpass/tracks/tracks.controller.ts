import { Body, Controller, Get, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Role } from '../../../common/auth/role.enum';
import { OptionalAuth, Roles } from '../../../common/decorators/access.decorators';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import { pageMeta, pageOf, PageQueryDto } from '../../../common/http/pagination';
import { PolicyResource, UsePolicy } from '../../../ownership/use-policy.decorator';
import type { User } from '../../../users/user.entity';
import { PurchaseResponseDto, toPurchaseResponse } from '../purchases/purchase.dto';
import { PurchasesService } from '../purchases/purchases.service';
import {
  CreateTrackDto,
  TrackResponseDto,
  TracksPageDto,
  toTrackResponse,
  UpdateTrackDto,
} from './track.dto';
import type { Track } from './track.entity';
import { PolicyAction } from '../../../ownership/policy';
import { TrackAction, TrackPolicy } from './track.policy';
import { TracksService } from './tracks.service';

@ApiTags('BeatPass: tracks')
@ApiCookieAuth()
@Controller('tracks')
export class TracksController {
  constructor(
    private readonly tracks: TracksService,
    private readonly purchases: PurchasesService,
  ) {}

  @Get()
  @OptionalAuth()
  @ApiOperation({
    operationId: 'listTracks',
    summary: 'Every track, newest first; an authenticated caller also gets `purchased`',
  })
  @ApiOkResponse({ type: TracksPageDto })
  async list(@CurrentUser() user: User | undefined, @Query() query: PageQueryDto): Promise<TracksPageDto> {
    const page = pageOf(query);
    const { items, total } = await this.tracks.list(page);
    const bought = user
      ? await this.tracks.purchasedIds(
          user.id,
          items.map((t) => t.id),
        )
      : undefined;
    return {
      tracks: items.map((t) => toTrackResponse(t, bought?.has(t.id))),
      pagination: pageMeta(page, total),
    };
  }

  @Get(':track')
  @OptionalAuth()
  @UsePolicy(TrackPolicy, PolicyAction.View, 'track')
  @ApiOperation({
    operationId: 'getTrack',
    summary: 'One track; an authenticated caller also gets `purchased` (404 if none)',
  })
  @ApiOkResponse({ type: TrackResponseDto })
  async show(
    @CurrentUser() user: User | undefined,
    @PolicyResource() track: Track,
  ): Promise<TrackResponseDto> {
    const purchased = user ? (await this.tracks.purchasedIds(user.id, [track.id])).has(track.id) : undefined;
    return toTrackResponse(track, purchased);
  }

  @Post()
  @Roles(Role.Producer)
  @ApiOperation({ operationId: 'createTrack', summary: 'Upload a track (producers)' })
  @ApiCreatedResponse({ type: TrackResponseDto })
  async create(@CurrentUser() user: User, @Body() dto: CreateTrackDto): Promise<TrackResponseDto> {
    return toTrackResponse(await this.tracks.create(user, dto));
  }

  @Put(':track')
  @UsePolicy(TrackPolicy, PolicyAction.Update, 'track')
  @ApiOperation({ operationId: 'updateTrack', summary: 'Update your track (owner or admin; 403 otherwise)' })
  @ApiOkResponse({ type: TrackResponseDto })
  async update(@PolicyResource() track: Track, @Body() dto: UpdateTrackDto): Promise<TrackResponseDto> {
    return toTrackResponse(await this.tracks.update(track, dto));
  }

  @Post(':track/purchase/initiate')
  @UsePolicy(TrackPolicy, TrackAction.Purchase, 'track')
  @ApiOperation({
    operationId: 'initiateTrackPurchase',
    summary: 'Start buying a track: 201 with a pending purchase (200 with the same one if already pending)',
  })
  @ApiOkResponse({ type: PurchaseResponseDto, description: 'The pending purchase already started.' })
  @ApiResponse({ status: 409, description: 'The track is already bought.' })
  @ApiCreatedResponse({ type: PurchaseResponseDto })
  async initiatePurchase(
    @CurrentUser() user: User,
    @PolicyResource() track: Track,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<PurchaseResponseDto> {
    const { purchase, created } = await this.purchases.initiate(user, track);
    if (!created) res.status(200);
    return toPurchaseResponse(purchase);
  }
}
