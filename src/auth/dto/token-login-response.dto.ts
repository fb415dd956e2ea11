import { ApiProperty } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user-response.dto';

export class TokenLoginResponseDto {
  @ApiProperty({ type: UserResponseDto }) user: UserResponseDto;
  @ApiProperty({ example: '1|AbCdEf...40 chars...0a1b2c3d', description: '`<id>|<secret>`; shown once.' })
  token: string;
}
