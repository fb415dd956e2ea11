import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalString, RequiredString } from '../../common/validation/fields';
import { M } from '../../common/validation/messages';
import { IsEmailAddress } from '../../common/validation/rules';

export class RequestEmailVerificationDto {
  @ApiProperty({ example: 'creator@example.com' })
  @RequiredString({ max: 255, trim: true }, IsEmailAddress({ message: M.email }))
  email: string;

  @ApiPropertyOptional({
    example: 'https://app.example.com/verified',
    description: 'Where to land after the link; used only when it starts with an APP_LINK_ALLOWLIST prefix.',
  })
  @OptionalString({ max: 2048, trim: true })
  app_link?: string;

  @ApiPropertyOptional({ example: 'ios', description: 'Free-form client tag, stored with the request.' })
  @OptionalString({ max: 64, trim: true })
  request_source?: string;
}
