import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { OptionalString, Rules } from '../../../common/validation/fields';
import { M } from '../../../common/validation/messages';
import { IsFiniteNumber, Optional } from '../../../common/validation/rules';

/** Form posts send numbers as strings and empty fields as ''. */
const toNumber = ({ value }: { value: unknown }) => {
  if (value === '' || value === null) return undefined;
  return typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))
    ? Number(value)
    : value;
};
const OptionalId = () =>
  Rules(
    Transform(toNumber),
    Optional(),
    IsInt({ message: M.integer }),
    Min(1, { message: M.exists }),
    Max(2147483647, { message: M.exists }),
  );

/**
 * Fangate's registration fields (docs/http-contract.md §5), read by FangateRegistration from both
 * registration routes and documented in their request schemas.
 */
export class FangateRegistrationFields {
  @ApiPropertyOptional({ minimum: 0, maximum: 10 })
  @Rules(
    Transform(toNumber),
    Optional(),
    IsFiniteNumber(2, { message: M.numeric }),
    Min(0, { message: M.between(0, 10) }),
    Max(10, { message: M.between(0, 10) }),
  )
  fee_percentage?: number;

  @ApiPropertyOptional({ description: 'An existing master account; not together with invite_code.' })
  @OptionalId()
  master_id?: number;

  @ApiPropertyOptional({ description: "An affiliate's invite code; not together with master_id." })
  @OptionalString({ max: 32, trim: true })
  invite_code?: string;

  @ApiPropertyOptional({
    description: 'Derived when omitted: invite code affiliate → master account → default.',
  })
  @OptionalId()
  currency_id?: number;
}
