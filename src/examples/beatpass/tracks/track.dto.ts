import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageMetaDto } from '../../../common/http/pagination';
import { money, OptionalAmount } from '../../../common/http/money';
import { OptionalString, RequiredString } from '../../../common/validation/fields';
import { ArtistSummaryDto, toArtistSummary } from '../artists/artist.presenter';
import type { Track } from './track.entity';

export class CreateTrackDto {
  @ApiProperty({ example: 'Midnight Drive' })
  @RequiredString({ max: 200, trim: true })
  title: string;

  @ApiPropertyOptional({ example: 29.99, description: '0 to 99999.99; default 0 (free).' })
  @OptionalAmount()
  price?: number;
}

export class UpdateTrackDto {
  @ApiPropertyOptional()
  @OptionalString({ min: 1, max: 200, trim: true })
  title?: string;

  @ApiPropertyOptional()
  @OptionalAmount()
  price?: number;
}

export class TrackResponseDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
  @ApiProperty({ example: 29.99 }) price: number;
  @ApiProperty({ type: ArtistSummaryDto }) artist: ArtistSummaryDto;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: string;
  @ApiPropertyOptional({ description: 'Only for an authenticated caller: a completed purchase exists.' })
  purchased?: boolean;
}

export class TracksPageDto {
  @ApiProperty({ type: [TrackResponseDto] }) tracks: TrackResponseDto[];
  @ApiProperty({ type: PageMetaDto }) pagination: PageMetaDto;
}

/** `purchased` is set only when the caller is known (undefined leaves the key out). */
export const toTrackResponse = (t: Track, purchased?: boolean): TrackResponseDto => ({
  id: t.id,
  title: t.title,
  price: money(t.price),
  artist: toArtistSummary(t.producer!),
  created_at: t.createdAt.toISOString(),
  updated_at: t.updatedAt.toISOString(),
  ...(purchased !== undefined && { purchased }),
});
