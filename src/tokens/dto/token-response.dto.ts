import { ApiProperty } from '@nestjs/swagger';
import type { PersonalAccessToken } from '../personal-access-token.entity';

/** A token as its owner sees it: never the secret or its hash. */
export class TokenResponseDto {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ example: 'api' }) name: string;
  @ApiProperty({ type: String, nullable: true }) device_name: string | null;
  @ApiProperty({ type: String, nullable: true }) ip_address: string | null;
  @ApiProperty({ type: String, nullable: true }) user_agent: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_used_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expires_at: string | null;
  @ApiProperty() is_current: boolean;
}

export const toTokenResponse = (
  t: PersonalAccessToken,
  expiresAt: Date | null,
  currentId: string | undefined,
): TokenResponseDto => ({
  id: Number(t.id),
  name: t.name,
  device_name: t.deviceName,
  ip_address: t.ipAddress,
  user_agent: t.userAgent,
  created_at: t.createdAt.toISOString(),
  last_used_at: t.lastUsedAt?.toISOString() ?? null,
  expires_at: expiresAt?.toISOString() ?? null,
  is_current: t.id === currentId,
});
