import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { User } from '../../../users/user.entity';
import { displayName } from './artist.presenter';

export class ArtistResponseDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) avatar_url: string | null;
  @ApiProperty() tracks_count: number;
  @ApiProperty() followers_count: number;
  @ApiPropertyOptional({ description: 'Only for an authenticated caller.' }) following?: boolean;
}

export class FollowStateDto {
  @ApiProperty() following: boolean;
  @ApiProperty() followers_count: number;
}

export const toArtistResponse = (
  u: User,
  counts: { tracks: number; followers: number },
  following?: boolean,
): ArtistResponseDto => ({
  id: u.id,
  name: displayName(u),
  avatar_url: u.avatarUrl,
  tracks_count: counts.tracks,
  followers_count: counts.followers,
  ...(following !== undefined && { following }),
});
