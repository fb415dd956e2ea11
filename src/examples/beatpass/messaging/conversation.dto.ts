import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../../common/http/pagination';
import { ArtistSummaryDto, toArtistSummary } from '../artists/artist.presenter';
import type { Conversation } from './conversation.entity';

export class ConversationResponseDto {
  @ApiProperty() id: number;
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  @ApiProperty({
    type: [ArtistSummaryDto],
    description: 'Everyone in the conversation, the caller included.',
  })
  participants: ArtistSummaryDto[];
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: string;
}

export class ConversationsPageDto {
  @ApiProperty({ type: [ConversationResponseDto] }) conversations: ConversationResponseDto[];
  @ApiProperty({ type: PageMetaDto }) pagination: PageMetaDto;
}

export const toConversationResponse = (c: Conversation): ConversationResponseDto => ({
  id: c.id,
  subject: c.subject,
  participants: (c.participants ?? [])
    .slice()
    .sort((a, b) => a.userId - b.userId)
    .map((p) => toArtistSummary(p.user!)),
  created_at: c.createdAt.toISOString(),
  updated_at: c.updatedAt.toISOString(),
});
