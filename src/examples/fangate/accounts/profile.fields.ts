import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, Matches, ValidateNested } from 'class-validator';
import { OptionalString, Rules } from '../../../common/validation/fields';
import { M } from '../../../common/validation/messages';
import { Optional } from '../../../common/validation/rules';

export class AdultContentSettingsDto {
  @ApiPropertyOptional()
  @Rules(Optional(), IsBoolean({ message: M.boolean }))
  enabled?: boolean;

  @ApiPropertyOptional()
  @Rules(Optional(), IsBoolean({ message: M.boolean }))
  blur_previews?: boolean;
}

export class PayoutDetailsDto {
  @ApiPropertyOptional()
  @OptionalString({ max: 120, trim: true })
  bank_name?: string;

  @ApiPropertyOptional()
  @OptionalString({ max: 200, trim: true })
  account_holder?: string;

  @ApiPropertyOptional({ example: 'DE89370400440532013000' })
  @OptionalString(
    { max: 34 },
    Matches(/^[A-Za-z0-9]{4,34}$/, {
      message: 'The account number field must be 4 to 34 letters or digits.',
    }),
  )
  account_number?: string;
}

/** Fangate's fields of PUT /api/user/profile, beside the core's names (FangateProfile). */
export class FangateProfileFields {
  @ApiPropertyOptional({ type: AdultContentSettingsDto })
  @Rules(Optional(), IsObject({ message: M.object }), ValidateNested(), Type(() => AdultContentSettingsDto))
  adult_content?: AdultContentSettingsDto;

  @ApiPropertyOptional({ type: PayoutDetailsDto })
  @Rules(Optional(), IsObject({ message: M.object }), ValidateNested(), Type(() => PayoutDetailsDto))
  payout?: PayoutDetailsDto;
}
