import { ApiProperty } from '@nestjs/swagger';
import { Rules } from '../../common/validation/fields';
import { NewPassword } from '../../common/validation/new-password';
import { MatchesField, Optional } from '../../common/validation/rules';

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
