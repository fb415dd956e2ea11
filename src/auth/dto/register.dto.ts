import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, MinLength } from 'class-validator';
import { OptionalString, Required, RequiredString, Rules } from '../../common/validation/fields';
import { M } from '../../common/validation/messages';
import {
  IsCalendarDate,
  IsEmailAddress,
  MatchesField,
  MaxBytes,
  NotCommonPassword,
  NotDisposableEmail,
  Optional,
} from '../../common/validation/rules';

const CONFIRMATION_MISMATCH = 'The password field confirmation does not match.';

/**
 * The core's registration fields. Products add their own (RegistrationExtension: Fangate's fee,
 * master account, invite code, currency): validated from the same body after these and documented on
 * both registration schemas, before email_verification.
 */
export class RegisterDto {
  @ApiProperty({ example: 'creator@example.com' })
  @RequiredString(
    { max: 255, trim: true },
    IsEmailAddress({ message: M.email }),
    NotDisposableEmail({ message: 'Disposable email addresses are not allowed.' }),
  )
  email: string;

  @ApiProperty({
    minLength: 8,
    description: 'At least 8 characters, at most 72 bytes, not a common password.',
  })
  @RequiredString(
    { max: 100000 },
    MinLength(8, { message: M.min(8) }),
    MaxBytes(72, { message: 'The password field must not be greater than 72 bytes.' }),
    NotCommonPassword({ message: 'The given password is too common. Please choose a different password.' }),
  )
  password: string;

  @ApiProperty({ example: 'Casey' })
  @RequiredString({ max: 100, trim: true })
  first_name: string;

  @ApiProperty({ example: 'Creator' })
  @RequiredString({ max: 100, trim: true })
  last_name: string;

  @ApiProperty({ example: '1998-04-12', description: 'YYYY-MM-DD; at least 18 years ago today.' })
  @Rules(Required(), IsCalendarDate({ message: M.date }))
  birth_date: string;

  @ApiPropertyOptional({
    description:
      'The `verification` token that opening a verification link before registering put on the redirect; ' +
      'with it the account is born verified. Without it, a link opened earlier counts for nothing.',
  })
  @OptionalString({ max: 64 })
  email_verification?: string;
}

export class ApiRegisterDto extends RegisterDto {
  @ApiPropertyOptional({ description: 'Must equal password when given.' })
  @Rules(Optional(), MatchesField('password', { message: CONFIRMATION_MISMATCH }))
  password_confirmation?: string;

  @ApiPropertyOptional({ enum: ['creator'], default: 'creator' })
  @OptionalString({ max: 20 }, IsIn(['creator'], { message: M.in }))
  account_type?: 'creator';
}

/** The SPA form (Fortify): the confirmation is required. */
export class SpaRegisterDto extends RegisterDto {
  @ApiProperty()
  @MatchesField('password', { message: CONFIRMATION_MISMATCH })
  password_confirmation: string;

  @ApiPropertyOptional({ enum: ['listener', 'producer'], default: 'listener' })
  @OptionalString({ max: 20 }, IsIn(['listener', 'producer'], { message: M.in }))
  account_type?: 'listener' | 'producer';
}
