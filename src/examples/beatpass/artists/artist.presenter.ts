import { ApiProperty } from '@nestjs/swagger';
import type { User } from '../../../users/user.entity';

/** How an artist (or any user) appears on public BeatPass pages: a name, never an email. */
export class ArtistSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'Casey Beats' }) name: string;
}

export const displayName = (u: Pick<User, 'firstName' | 'lastName'>): string =>
  `${u.firstName} ${u.lastName}`.trim();

export const toArtistSummary = (u: User): ArtistSummaryDto => ({ id: u.id, name: displayName(u) });
