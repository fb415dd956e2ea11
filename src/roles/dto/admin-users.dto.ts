import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, ArrayMaxSize } from 'class-validator';
import { ROLES, type Role } from '../../common/auth/role.enum';
import { PageMetaDto, PageQueryDto } from '../../common/http/pagination';
import { OptionalString, Required, Rules } from '../../common/validation/fields';
import { M } from '../../common/validation/messages';
import type { User } from '../../users/user.entity';
import { Optional } from '../../common/validation/rules';

export class AdminUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Matches email or name (case-insensitive).' })
  @OptionalString({ max: 100, trim: true })
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @Rules(Optional(), IsIn(ROLES, { message: M.in }))
  role?: Role;
}

export class SetRolesDto {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['producer'] })
  // Each entry is checked in RolesService, so the error names it (`roles.1`), as Laravel does.
  @Rules(
    Required(),
    IsArray({ message: M.array }),
    ArrayMaxSize(ROLES.length, { message: M.arrayBetween(0, 4) }),
  )
  roles: unknown[];
}

/** A user as an admin sees it: identity and roles, never a hash or secret. */
export class AdminUserDto {
  @ApiProperty() id: number;
  @ApiProperty() email: string;
  @ApiProperty() first_name: string;
  @ApiProperty() last_name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) email_verified_at: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

export class AdminUsersPageDto {
  @ApiProperty({ type: [AdminUserDto] }) users: AdminUserDto[];
  @ApiProperty({ type: PageMetaDto }) pagination: PageMetaDto;
}

export const toAdminUser = (u: User): AdminUserDto => ({
  id: u.id,
  email: u.email,
  first_name: u.firstName,
  last_name: u.lastName,
  roles: u.roles,
  email_verified_at: u.emailVerifiedAt?.toISOString() ?? null,
  created_at: u.createdAt.toISOString(),
});
