import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UserResourcePart } from '../user-resource-contributor';
import type { User } from '../user.entity';

/**
 * The user resource of docs/http-contract.md §5: the core's fields here, the products' added by their
 * UserResourceContributor (Fangate: currency, fee, master and referrer, invite code, payout, adult
 * content), in the document too. Built only through toUserResponse(): no hash or secret can leak.
 */
export class UserResponseDto {
  @ApiProperty({ example: 123 }) id: number;
  @ApiProperty({ example: 'creator@example.com' }) email: string;
  @ApiProperty() first_name: string;
  @ApiProperty() last_name: string;
  @ApiProperty({ type: String, nullable: true, example: '1998-04-12' }) birth_date: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) email_verified_at: string | null;
  @ApiProperty({ type: [String], example: ['creator'] }) roles: string[];
  @ApiProperty() two_factor_enabled: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Unused recovery codes left (null while 2FA is off).',
  })
  two_factor_recovery_codes_remaining: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' } }) features: Record<
    string,
    boolean
  >;
  @ApiProperty({ type: [String], example: ['google'] }) social_accounts: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) avatar_url: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

/** The core's fields that other modules fill in (two-factor, social): their values when none does. */
const CORE_PART_DEFAULTS = {
  two_factor_enabled: false,
  two_factor_recovery_codes_remaining: null as number | null,
  social_accounts: [] as string[],
};
const isCorePart = (key: string): key is keyof typeof CORE_PART_DEFAULTS => key in CORE_PART_DEFAULTS;

/**
 * The user resource from the user and what the contributors gave: the core's own parts (2FA
 * status, linked providers) keep their places, the products' fields go before the core's trailing
 * ones (features onwards), where the API document lists them too.
 */
export function toUserResponse(user: User, contributed: UserResourcePart = {}): UserResponseDto {
  const core: UserResourcePart = {};
  const products: UserResourcePart = {};
  for (const [key, value] of Object.entries(contributed)) (isCorePart(key) ? core : products)[key] = value;
  return {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    birth_date: user.birthDate,
    email_verified_at: user.emailVerifiedAt?.toISOString() ?? null,
    roles: user.roles,
    two_factor_enabled: CORE_PART_DEFAULTS.two_factor_enabled,
    two_factor_recovery_codes_remaining: CORE_PART_DEFAULTS.two_factor_recovery_codes_remaining,
    ...products,
    features: { ...user.features },
    social_accounts: CORE_PART_DEFAULTS.social_accounts,
    avatar_url: user.avatarUrl,
    created_at: user.createdAt.toISOString(),
    // Assigned last, so each keeps the place it was given above.
    ...core,
  } as UserResponseDto;
}
