import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import { OptionalAuth } from '../../../common/decorators/access.decorators';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import { PolicyResource, UsePolicy } from '../../../ownership/use-policy.decorator';
import type { User } from '../../../users/user.entity';
import { ArtistResponseDto, FollowStateDto, toArtistResponse } from './artist.dto';
import { PolicyAction } from '../../../ownership/policy';
import { ArtistAction, ArtistPolicy } from './artist.policy';
import { ArtistsService } from './artists.service';

@ApiTags('BeatPass: artists')
@ApiCookieAuth()
@Controller('artists')
export class ArtistsController {
  constructor(private readonly artists: ArtistsService) {}

  @Get(':artist')
  @OptionalAuth()
  @UsePolicy(ArtistPolicy, PolicyAction.View, 'artist')
  @ApiOperation({
    operationId: 'getArtist',
    summary: 'An artist profile; an authenticated caller also gets `following` (404 if none)',
  })
  @ApiOkResponse({ type: ArtistResponseDto })
  async show(
    @CurrentUser() user: User | undefined,
    @PolicyResource() artist: User,
  ): Promise<ArtistResponseDto> {
    const following = user
      ? (await this.artists.followedIds(user.id, [artist.id])).has(artist.id)
      : undefined;
    return toArtistResponse(artist, await this.artists.counts(artist.id), following);
  }

  @Post(':artist/follow')
  @HttpCode(200)
  @UsePolicy(ArtistPolicy, ArtistAction.Follow, 'artist')
  @ApiOperation({ operationId: 'followArtist', summary: 'Follow an artist (idempotent; 422 for yourself)' })
  @ApiResponse({ status: 422, description: 'Following yourself.' })
  @ApiOkResponse({ type: FollowStateDto })
  async follow(@CurrentUser() user: User, @PolicyResource() artist: User): Promise<FollowStateDto> {
    return { following: true, followers_count: await this.artists.follow(user, artist) };
  }

  @Delete(':artist/follow')
  @UsePolicy(ArtistPolicy, ArtistAction.Follow, 'artist')
  @ApiOperation({ operationId: 'unfollowArtist', summary: 'Unfollow an artist (idempotent)' })
  @ApiOkResponse({ type: FollowStateDto })
  async unfollow(@CurrentUser() user: User, @PolicyResource() artist: User): Promise<FollowStateDto> {
    return { following: false, followers_count: await this.artists.unfollow(user, artist) };
  }
}
