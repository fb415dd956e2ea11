import { ApiProperty } from '@nestjs/swagger';
import { MinLength } from 'class-validator';
import { RequiredString, Rules } from '../../common/validation/fields';
import { M } from '../../common/validation/messages';
import { MatchesField, MaxBytes, NotCommonPassword, Optional } from '../../common/validation/rules';

/** The password rules of registration, shared by every place that sets a password. */
export const NewPassword = () =>
  RequiredString(
    { max: 100000 },
    MinLength(8, { message: M.min(8) }),
    MaxBytes(72, { message: 'The password field must not be greater than 72 bytes.' }),
    NotCommonPassword({ message: 'The given password is too common. Please choose a different password.' }),
  );

export class UpdatePasswordDto {
  @ApiProperty({
    description: 'Required when the account has a password (social-only accounts set their first).',
  })
  @Rules(Optional())
  current_password?: string;

  @ApiProperty()
  @NewPassword()
  password: string;

  @ApiProperty()
  @MatchesField('password', { message: 'The password field confirmation does not match.' })
  password_confirmation: string;
}
