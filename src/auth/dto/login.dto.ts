import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { OptionalString, RequiredString } from '../../common/validation/fields';
import { M } from '../../common/validation/messages';

/** What the local strategy needs; validated before any attempt is counted. */
export class LoginCredentialsDto {
  @ApiProperty({ example: 'creator@example.com' })
  @RequiredString({ max: 255 })
  email: string;

  @ApiProperty()
  @RequiredString({ max: 1024 })
  password: string;
}

export class SpaLoginDto extends LoginCredentialsDto {
  @ApiPropertyOptional({
    description: 'Keep the session past browser close (up to SESSION_ABSOLUTE_LIFETIME).',
  })
  @IsOptional()
  @IsBoolean({ message: M.boolean })
  remember?: boolean;
}

export class ApiLoginDto extends LoginCredentialsDto {
  @ApiPropertyOptional({ example: 'Casey’s iPhone' })
  @OptionalString({ max: 255 })
  device_name?: string;

  @ApiPropertyOptional({ description: 'Push token of this device (Firebase Cloud Messaging).' })
  @OptionalString({ max: 4096 })
  fcm_token?: string;
}

export class ApiLogoutDto {
  @ApiPropertyOptional({ description: "Also remove this push token from the user's devices." })
  @OptionalString({ max: 4096 })
  fcm_token?: string;
}
