import { ApiProperty } from '@nestjs/swagger';
import { RequiredString } from '../../common/validation/fields';
import { M } from '../../common/validation/messages';
import { IsEmailAddress, MatchesField } from '../../common/validation/rules';
import { NewPassword } from '../../common/validation/new-password';

export class RequestPasswordResetDto {
  @ApiProperty({ example: 'creator@example.com' })
  @RequiredString({ max: 255, trim: true }, IsEmailAddress({ message: M.email }))
  email: string;
}

export class ConfirmPasswordResetDto extends RequestPasswordResetDto {
  @ApiProperty({ description: 'From the mailed link' })
  @RequiredString({ max: 128 })
  token: string;

  @ApiProperty()
  @NewPassword()
  password: string;

  @ApiProperty()
  @MatchesField('password', { message: 'The password field confirmation does not match.' })
  password_confirmation: string;
}
