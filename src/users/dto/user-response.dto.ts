import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Currency } from '../currency.entity';
import type { PayoutAccount } from '../payout-account.entity';
import type { UserResourcePart } from '../../extensions/user-resource-contributor';
import { DEFAULT_ADULT_CONTENT, type AdultContentSettings, type User } from '../user.entity';

export class CurrencyDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'USD' }) code: string;
}

export class PayoutDto {
  @ApiProperty({ type: CurrencyDto, nullable: true }) currency: CurrencyDto | null;
  @ApiProperty({ nullable: true }) bank_name: string | null;
  @ApiProperty({ nullable: true }) account_holder: string | null;
  @ApiProperty({ nullable: true, example: '****6789', description: 'Masked: only the last four digits.' })
  account_number: string | null;
}

export class AdultContentDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty() blur_previews: boolean;
}

/**
 * The user resource of docs/http-contract.md §5. Built only through toUserResponse(): no hash or secret can
 * leak.
 */
export class UserResponseDto {
  @ApiProperty({ example: 123 }) id: number;
  @ApiProperty({ example: 'creator@example.com' }) email: string;
  @ApiProperty() first_name: string;
  @ApiProperty() last_name: string;
  @ApiProperty({ nullable: true, example: '1998-04-12' }) birth_date: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) email_verified_at: string | null;
  @ApiProperty({ type: [String], example: ['creator'] }) roles: string[];
  @ApiProperty() two_factor_enabled: boolean;
  @ApiProperty({ nullable: true, description: 'Unused recovery codes left (null while 2FA is off).' })
  two_factor_recovery_codes_remaining: number | null;
  @ApiProperty({ type: CurrencyDto, nullable: true }) currency: CurrencyDto | null;
  @ApiProperty({ nullable: true, example: 5 }) fee_percentage: number | null;
  @ApiProperty({ nullable: true }) master_id: number | null;
  @ApiProperty({ nullable: true }) referred_by_id: number | null;
  @ApiProperty({ nullable: true, description: "This account's own affiliate invite code." }) invite_code:
    string | null;
  @ApiProperty({ type: PayoutDto, nullable: true }) payout: PayoutDto | null;
  @ApiProperty({ type: AdultContentDto }) adult_content: AdultContentSettings;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' } }) features: Record<
    string,
    boolean
  >;
  @ApiProperty({ type: [String], example: ['google'] }) social_accounts: string[];
  @ApiPropertyOptional({ nullable: true }) avatar_url: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

export interface UserResourceParts {
  currency: Currency | null;
  payout: PayoutAccount | null;
  payoutCurrency: Currency | null;
  inviteCode: string | null;
  twoFactorEnabled: boolean;
  recoveryCodesRemaining: number | null;
  socialAccounts: string[];
}

const currencyDto = (c: Currency | null): CurrencyDto | null => (c ? { id: c.id, code: c.code } : null);

/** `contributed`: the products' fields (UserResourceContributor), placed before the core's trailing ones. */
export function toUserResponse(
  user: User,
  parts: UserResourceParts,
  contributed: UserResourcePart = {},
): UserResponseDto {
  return {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    birth_date: user.birthDate,
    email_verified_at: user.emailVerifiedAt?.toISOString() ?? null,
    roles: user.roles,
    two_factor_enabled: parts.twoFactorEnabled,
    two_factor_recovery_codes_remaining: parts.recoveryCodesRemaining,
    currency: currencyDto(parts.currency),
    fee_percentage: user.feePercentage === null ? null : Number(user.feePercentage),
    master_id: user.masterId,
    referred_by_id: user.referredById,
    invite_code: parts.inviteCode,
    payout: parts.payout && {
      currency: currencyDto(parts.payoutCurrency),
      bank_name: parts.payout.bankName,
      account_holder: parts.payout.accountHolder,
      account_number: parts.payout.accountNumberLast4 ? `****${parts.payout.accountNumberLast4}` : null,
    },
    adult_content: { ...DEFAULT_ADULT_CONTENT, ...user.adultContent },
    ...contributed,
    features: { ...user.features },
    social_accounts: parts.socialAccounts,
    avatar_url: user.avatarUrl,
    created_at: user.createdAt.toISOString(),
  };
}
