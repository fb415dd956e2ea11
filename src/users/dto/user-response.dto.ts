import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UserResourcePart } from '../../extensions/user-resource-contributor';
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
  @ApiProperty({ nullable: true, example: '1998-04-12' }) birth_date: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) email_verified_at: string | null;
  @ApiProperty({ type: [String], example: ['creator'] }) roles: string[];
  @ApiProperty() two_factor_enabled: boolean;
  @ApiProperty({ nullable: true, description: 'Unused recovery codes left (null while 2FA is off).' })
  two_factor_recovery_codes_remaining: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' } }) features: Record<
    string,
    boolean
  >;
  @ApiProperty({ type: [String], example: ['google'] }) social_accounts: string[];
  @ApiPropertyOptional({ nullable: true }) avatar_url: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

export interface UserResourceParts {
  twoFactorEnabled: boolean;
  recoveryCodesRemaining: number | null;
  socialAccounts: string[];
}

/**
 * `contributed`: the products' fields, placed before the core's trailing ones (features onwards),
 * where the API document lists them too.
 */
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
    ...contributed,
    features: { ...user.features },
    social_accounts: parts.socialAccounts,
    avatar_url: user.avatarUrl,
    created_at: user.createdAt.toISOString(),
  };
}
