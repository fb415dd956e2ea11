import { ApiProperty } from '@nestjs/swagger';
import { RequiredString } from './fields';

/** A body that only re-enters the caller's password. */
export class ConfirmPasswordDto {
  @ApiProperty()
  @RequiredString({ max: 1024 })
  password: string;
}
