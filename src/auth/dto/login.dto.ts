import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { Transform } from 'class-transformer';
import { OptionalString, RequiredString, Rules } from '../../common/validation/fields';
import { M } from '../../common/validation/messages';
import { Optional } from '../../common/validation/rules';

/** HTML forms send checkboxes as 'on' and booleans as strings (Laravel's `boolean` rule accepts these). */
const FORM_BOOLEANS: Record<string, boolean> = {
  true: true,
  '1': true,
  on: true,
  false: false,
  '0': false,
  off: false,
};
const formBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value in FORM_BOOLEANS ? FORM_BOOLEANS[value] : value;

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
  @Rules(Transform(formBoolean), Optional(), IsBoolean({ message: M.boolean }))
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
