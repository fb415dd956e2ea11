import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { money, OptionalAmount } from '../../../common/http/money';
import { PageMetaDto } from '../../../common/http/pagination';
import { RequiredString } from '../../../common/validation/fields';
import type { BeatRequest, BeatRequestStatus } from './beat-request.entity';

export class CreateBeatRequestDto {
  @ApiProperty({ example: 'Lo-fi beat for a podcast intro' })
  @RequiredString({ max: 200, trim: true })
  title: string;

  @ApiPropertyOptional({ example: 50 })
  @OptionalAmount()
  budget?: number;
}

export class BeatRequestResponseDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
  @ApiProperty({ type: Number, nullable: true, example: 50 }) budget: number | null;
  @ApiProperty({ enum: ['open', 'closed'] }) status: BeatRequestStatus;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: string;
}

export class BeatRequestsPageDto {
  @ApiProperty({ type: [BeatRequestResponseDto] }) beat_requests: BeatRequestResponseDto[];
  @ApiProperty({ type: PageMetaDto }) pagination: PageMetaDto;
}

export const toBeatRequestResponse = (b: BeatRequest): BeatRequestResponseDto => ({
  id: b.id,
  title: b.title,
  budget: b.budget === null ? null : money(b.budget),
  status: b.status,
  created_at: b.createdAt.toISOString(),
  updated_at: b.updatedAt.toISOString(),
});
