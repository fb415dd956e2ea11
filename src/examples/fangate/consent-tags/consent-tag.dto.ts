import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Min } from 'class-validator';
import { OptionalString, Required, RequiredString, Rules } from '../../../common/validation/fields';
import { M } from '../../../common/validation/messages';
import { PersonSummaryDto, toPersonSummary } from '../person.presenter';
import { CONSENT_ANSWERS, type ConsentStatus, type ConsentTag } from './consent-tag.entity';

export class CreateConsentTagDto {
  @ApiProperty({ description: 'The user appearing in the product.' })
  @Rules(Required(), IsInt({ message: M.integer }), Min(1, { message: M.exists }))
  user_id: number;
}

export class RespondConsentTagDto {
  @ApiProperty({ enum: CONSENT_ANSWERS })
  @RequiredString({ max: 16 }, IsIn(CONSENT_ANSWERS, { message: M.in }))
  status: (typeof CONSENT_ANSWERS)[number];

  @ApiPropertyOptional({ maxLength: 500 })
  @OptionalString({ max: 500, trim: true })
  note?: string;
}

class TaggedProductDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
}

/** What the creator gets back when tagging: the tag exists and is pending; never the answer. */
export class CreatedConsentTagDto {
  @ApiProperty() id: number;
  @ApiProperty() product_id: number;
  @ApiProperty({ type: PersonSummaryDto }) tagged_user: PersonSummaryDto;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

/** The tagged user's view, answer included. */
export class ConsentTagResponseDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['pending', ...CONSENT_ANSWERS] }) status: ConsentStatus;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) responded_at: string | null;
  @ApiProperty({ type: TaggedProductDto }) product: TaggedProductDto;
  @ApiProperty({ type: PersonSummaryDto }) creator: PersonSummaryDto;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

/** `t.product.creator` must be loaded. */
export const toConsentTagResponse = (t: ConsentTag): ConsentTagResponseDto => ({
  id: t.id,
  status: t.status,
  note: t.note,
  responded_at: t.respondedAt?.toISOString() ?? null,
  product: { id: t.product!.id, title: t.product!.title },
  creator: toPersonSummary(t.product!.creator!),
  created_at: t.createdAt.toISOString(),
});
