import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Rules } from '../../common/validation/fields';
import { M } from '../../common/validation/messages';
import type { SecurityEvent } from '../security-event.entity';

export class SecurityEventsQueryDto {
  @Rules(
    Type(() => Number),
    IsOptional(),
    IsInt({ message: M.integer }),
    Min(1, { message: M.between(1, 100000) }),
  )
  page?: number;

  @Rules(
    Type(() => Number),
    IsOptional(),
    IsInt({ message: M.integer }),
    Min(1, { message: M.between(1, 100) }),
    Max(100, { message: M.between(1, 100) }),
  )
  per_page?: number;
}

export class SecurityEventResponseDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'login' }) kind: string;
  @ApiProperty({ nullable: true }) ip_address: string | null;
  @ApiProperty({ nullable: true }) user_agent: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

export class PaginationDto {
  @ApiProperty() page: number;
  @ApiProperty() per_page: number;
  @ApiProperty() total: number;
  @ApiProperty() last_page: number;
}

export class SecurityEventsPageDto {
  @ApiProperty({ type: [SecurityEventResponseDto] }) events: SecurityEventResponseDto[];
  @ApiProperty({ type: PaginationDto }) pagination: PaginationDto;
}

export const toSecurityEventResponse = (e: SecurityEvent): SecurityEventResponseDto => ({
  id: Number(e.id),
  kind: e.kind,
  ip_address: e.ipAddress,
  user_agent: e.userAgent,
  metadata: e.metadata,
  created_at: e.createdAt.toISOString(),
});
