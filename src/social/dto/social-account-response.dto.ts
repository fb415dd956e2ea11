import { ApiProperty } from '@nestjs/swagger';
import { RequiredString } from '../../common/validation/fields';

export class SocialLinkResponseDto {
  @ApiProperty({ example: 'google' }) provider: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) avatar_url: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) linked_at: string;
}

export class SocialExchangeDto {
  @ApiProperty({ description: 'The one-time `code` of the app redirect (60 s, single use).' })
  @RequiredString({ max: 128 })
  code: string;
}
