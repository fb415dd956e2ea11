import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** `/login` (cookie session): logged in, or a 2FA challenge pending on the session. */
export class SessionLoginResponseDto {
  @ApiProperty({ example: false }) two_factor: boolean;
  @ApiPropertyOptional({ example: 'Two factor authentication required' }) message?: string;
}

/** A bare confirmation (`PUT /user/password`). */
export class MessageResponseDto {
  @ApiProperty({ example: 'Password updated.' }) message: string;
}
