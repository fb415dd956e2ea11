import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { User } from '../../users/user.entity';

/**
 * How another user appears in Fangate (tagged users, product creators): a name, never an email.
 * Fangate used to borrow BeatPass's presenter; the schema keeps that name so the API document is the
 * same with both examples loaded, and Fangate now runs without BeatPass.
 */
@ApiSchema({ name: 'ArtistSummaryDto' })
export class PersonSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'Casey Beats' }) name: string;
}

export const displayName = (u: Pick<User, 'firstName' | 'lastName'>): string =>
  `${u.firstName} ${u.lastName}`.trim();

export const toPersonSummary = (u: User): PersonSummaryDto => ({ id: u.id, name: displayName(u) });
