import { ApiProperty } from '@nestjs/swagger';
import type { AdultContentSettings } from './adult-content';
import type { Currency } from './currency.entity';

export class CurrencyDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'USD' }) code: string;
}

export const toCurrencyDto = (c: Currency | null): CurrencyDto | null =>
  c ? { id: c.id, code: c.code } : null;

export class PayoutDto {
  @ApiProperty({ type: CurrencyDto, nullable: true }) currency: CurrencyDto | null;
  @ApiProperty({ type: String, nullable: true }) bank_name: string | null;
  @ApiProperty({ type: String, nullable: true }) account_holder: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '****6789',
    description: 'Masked: only the last four digits.',
  })
  account_number: string | null;
}

export class AdultContentDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty() blur_previews: boolean;
}

/**
 * Fangate's fields of the user resource (docs/http-contract.md §5). Only documents them: the API
 * document merges them into UserResponseDto (FangateUserResource.schema).
 */
export class FangateUserResourceFields {
  @ApiProperty({ type: CurrencyDto, nullable: true }) currency: CurrencyDto | null;
  @ApiProperty({ type: Number, nullable: true, example: 5 }) fee_percentage: number | null;
  @ApiProperty({ type: Number, nullable: true }) master_id: number | null;
  @ApiProperty({ type: Number, nullable: true }) referred_by_id: number | null;
  @ApiProperty({ type: String, nullable: true, description: "This account's own affiliate invite code." })
  invite_code: string | null;
  @ApiProperty({ type: PayoutDto, nullable: true }) payout: PayoutDto | null;
  @ApiProperty({ type: AdultContentDto }) adult_content: AdultContentSettings;
}
