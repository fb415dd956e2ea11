import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RequiredString } from '../../../common/validation/fields';
import { TrackResponseDto } from '../tracks/track.dto';

export class SearchQueryDto {
  @ApiProperty({ example: 'midnight', description: 'Matched against track titles and artist names.' })
  @RequiredString({ max: 100, trim: true })
  q: string;
}

export class SearchArtistDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) avatar_url: string | null;
  @ApiPropertyOptional({ description: 'Only for an authenticated caller.' }) following?: boolean;
}

export class SearchResponseDto {
  @ApiProperty() query: string;
  @ApiProperty({ type: [TrackResponseDto] }) tracks: TrackResponseDto[];
  @ApiProperty({ type: [SearchArtistDto] }) artists: SearchArtistDto[];
}
