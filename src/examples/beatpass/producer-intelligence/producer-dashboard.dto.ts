import { ApiProperty } from '@nestjs/swagger';

export class TopTrackDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
  @ApiProperty() sales_count: number;
  @ApiProperty({ example: 59.98 }) revenue: number;
}

/** Figures over the producer's own tracks; sales and revenue count completed purchases only. */
export class ProducerDashboardDto {
  @ApiProperty() tracks_count: number;
  @ApiProperty() sales_count: number;
  @ApiProperty({ example: 59.98 }) revenue: number;
  @ApiProperty({ description: 'Purchases started but not completed.' }) pending_purchases_count: number;
  @ApiProperty() followers_count: number;
  @ApiProperty({ type: [TopTrackDto], description: 'Up to 5, by revenue then sales.' })
  top_tracks: TopTrackDto[];
}
