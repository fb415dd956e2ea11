import { ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalString } from '../../common/validation/fields';

/**
 * The core's profile fields. Products add their own (ProfileExtension: Fangate's adult-content
 * settings and payout details), validated from the same body and documented on this schema.
 */
export class UpdateProfileDto {
  @ApiPropertyOptional()
  @OptionalString({ min: 1, max: 100, trim: true })
  first_name?: string;

  @ApiPropertyOptional()
  @OptionalString({ min: 1, max: 100, trim: true })
  last_name?: string;
}
