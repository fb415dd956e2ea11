import { ApiProperty } from '@nestjs/swagger';
import Bowser from 'bowser';
import type { Session } from '../session.entity';

export class AgentDto {
  @ApiProperty({ type: String, nullable: true, example: 'Chrome' }) browser: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'macOS' }) platform: string | null;
  @ApiProperty() is_desktop: boolean;
}

export class BrowserSessionResponseDto {
  @ApiProperty({ format: 'uuid', description: 'Opaque public id (never the cookie value).' }) id: string;
  @ApiProperty({ type: String, nullable: true }) ip_address: string | null;
  @ApiProperty({ type: String, nullable: true }) user_agent: string | null;
  @ApiProperty({ type: AgentDto }) agent: AgentDto;
  @ApiProperty({ type: String, format: 'date-time' }) last_active: string;
  @ApiProperty() is_current_device: boolean;
}

/** Agent details from bowser (MIT licensed; ua-parser-js 2.x is AGPL). */
export function parseAgent(userAgent: string | null): AgentDto {
  if (!userAgent) return { browser: null, platform: null, is_desktop: false };
  const parsed = Bowser.parse(userAgent);
  return {
    browser: parsed.browser.name ?? null,
    platform: parsed.os.name ?? null,
    is_desktop: parsed.platform.type === 'desktop',
  };
}

export const toBrowserSessionResponse = (
  s: Session,
  currentId: string | undefined,
): BrowserSessionResponseDto => ({
  id: s.id,
  ip_address: s.ipAddress,
  user_agent: s.userAgent,
  agent: parseAgent(s.userAgent),
  last_active: s.lastActivityAt.toISOString(),
  is_current_device: s.id === currentId,
});
