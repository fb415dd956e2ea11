import { ApiProperty } from '@nestjs/swagger';

/** One configured social login provider, as a frontend needs it to draw a login button. */
export class SocialProviderResponseDto {
  @ApiProperty({ enum: ['google', 'facebook', 'twitter'], example: 'google' }) name: string;

  @ApiProperty({
    example: 'http://localhost:3000/auth/google/redirect',
    description: 'Where the login button navigates (a top-level navigation, not an XHR).',
  })
  redirect_url: string;
}
