import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/http/pagination';
import type { SecurityEvent } from '../security-event.entity';

export class SecurityEventResponseDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'login' }) kind: string;
  @ApiProperty({ type: String, nullable: true }) ip_address: string | null;
  @ApiProperty({ type: String, nullable: true }) user_agent: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The X-Request-Id of the request that caused the event (quote it to support).',
  })
  request_id: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

export class SecurityEventsPageDto {
  @ApiProperty({ type: [SecurityEventResponseDto] }) events: SecurityEventResponseDto[];
  @ApiProperty({ type: PageMetaDto }) pagination: PageMetaDto;
}

export const toSecurityEventResponse = (e: SecurityEvent): SecurityEventResponseDto => ({
  id: Number(e.id),
  kind: e.kind,
  ip_address: e.ipAddress,
  user_agent: e.userAgent,
  request_id: e.requestId,
  metadata: e.metadata,
  created_at: e.createdAt.toISOString(),
});
