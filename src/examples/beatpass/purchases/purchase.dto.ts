import { ApiProperty } from '@nestjs/swagger';
import { money } from '../../../common/http/money';
import { PageMetaDto } from '../../../common/http/pagination';
import { toArtistSummary, ArtistSummaryDto } from '../artists/artist.presenter';
import type { Purchase, PurchaseStatus } from './purchase.entity';

class PurchasedTrackDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
  @ApiProperty({ type: ArtistSummaryDto }) artist: ArtistSummaryDto;
}

export class PurchaseResponseDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['pending', 'completed', 'failed'] }) status: PurchaseStatus;
  @ApiProperty({ example: 29.99, description: "The track's price when the purchase started." })
  amount: number;
  @ApiProperty({ type: PurchasedTrackDto }) track: PurchasedTrackDto;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: string;
}

export class PurchasesPageDto {
  @ApiProperty({ type: [PurchaseResponseDto] }) purchases: PurchaseResponseDto[];
  @ApiProperty({ type: PageMetaDto }) pagination: PageMetaDto;
}

/** `p.track.producer` must be loaded. */
export const toPurchaseResponse = (p: Purchase): PurchaseResponseDto => ({
  id: p.id,
  status: p.status,
  amount: money(p.amount),
  track: { id: p.track!.id, title: p.track!.title, artist: toArtistSummary(p.track!.producer!) },
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
});
