import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalString, RequiredString } from '../../common/validation/fields';

/** `{code}` or `{recovery_code}`; which one is checked in the service so the 422 names the right field. */
export class TwoFactorChallengeDto {
  @ApiPropertyOptional({ example: '123456' })
  @OptionalString({ max: 16, trim: true })
  code?: string;

  @ApiPropertyOptional({ example: 'abcdefghij-klmnopqrst' })
  @OptionalString({ max: 64, trim: true })
  recovery_code?: string;
}

export class ApiTwoFactorChallengeDto extends TwoFactorChallengeDto {
  @ApiProperty({ description: 'From /api/login (or a batch row): opaque, single use, 5 minutes.' })
  @RequiredString({ max: 128 })
  challenge: string;
}
