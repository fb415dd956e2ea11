import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OptionalAuth } from '../../../common/decorators/access.decorators';
import { CurrentUser } from '../../../common/decorators/current-auth.decorator';
import type { User } from '../../../users/user.entity';
import { displayName } from '../artists/artist.presenter';
import { ArtistsService } from '../artists/artists.service';
import { toTrackResponse } from '../tracks/track.dto';
import { TracksService } from '../tracks/tracks.service';
import { SearchQueryDto, SearchResponseDto } from './search.dto';
import { SearchService } from './search.service';

@ApiTags('BeatPass: search')
@ApiCookieAuth()
@Controller('search')
export class SearchController {
  constructor(
    private readonly search: SearchService,
    private readonly tracks: TracksService,
    private readonly artists: ArtistsService,
  ) {}

  @Get()
  @OptionalAuth()
  @ApiOperation({
    operationId: 'searchCatalog',
    summary:
      'Tracks (by title) and artists (by name), 20 each; authenticated callers also get `purchased`/`following`',
  })
  @ApiOkResponse({ type: SearchResponseDto })
  async find(
    @CurrentUser() user: User | undefined,
    @Query() query: SearchQueryDto,
  ): Promise<SearchResponseDto> {
    const [tracks, artists] = await Promise.all([
      this.search.findTracks(query.q),
      this.search.findArtists(query.q),
    ]);
    const bought = user
      ? await this.tracks.purchasedIds(
          user.id,
          tracks.map((t) => t.id),
        )
      : undefined;
    const followed = user
      ? await this.artists.followedIds(
          user.id,
          artists.map((a) => a.id),
        )
      : undefined;
    return {
      query: query.q,
      tracks: tracks.map((t) => toTrackResponse(t, bought?.has(t.id))),
      artists: artists.map((a) => ({
        id: a.id,
        name: displayName(a),
        avatar_url: a.avatarUrl,
        ...(followed && { following: followed.has(a.id) }),
      })),
    };
  }
}
