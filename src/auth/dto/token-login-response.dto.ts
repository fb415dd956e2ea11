import { ApiProperty } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user-response.dto';

export class TokenLoginResponseDto {
  @ApiProperty({ type: UserResponseDto }) user: UserResponseDto;
  @ApiProperty({ example: '1|AbCdEf...40 chars...0a1b2c3d', description: '`<id>|<secret>`; shown once.' })
  token: string;
}

/** `/api/login` for an account with confirmed 2FA: no token yet, a challenge for /api/two-factor-challenge. */
export class TwoFactorChallengeRequiredDto {
  @ApiProperty({ type: Boolean, enum: [true] }) two_factor: true;
  @ApiProperty({ description: 'Opaque, single use, valid 5 minutes: send it to /api/two-factor-challenge.' })
  challenge: string;
}
