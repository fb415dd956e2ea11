import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../common/auth/role.enum';
import { Roles } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-auth.decorator';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { pageMeta, pageOf } from '../common/http/pagination';
import type { User } from '../users/user.entity';
import {
  AdminUserDto,
  AdminUsersPageDto,
  AdminUsersQueryDto,
  SetRolesDto,
  toAdminUser,
} from './dto/admin-users.dto';
import { RolesService } from './roles.service';

@ApiTags('Admin')
@ApiBearerAuth()
@ApiCookieAuth()
@Roles(Role.Admin)
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @ApiOperation({
    operationId: 'adminListUsers',
    summary: 'Every user, by id (?page, ?per_page ≤ 100, ?q on email or name, ?role)',
  })
  @ApiEnvelopeResponse(AdminUsersPageDto)
  async list(@Query() query: AdminUsersQueryDto): Promise<AdminUsersPageDto> {
    const page = pageOf(query);
    const { items, total } = await this.roles.list(page, { q: query.q, role: query.role });
    return { users: items.map(toAdminUser), pagination: pageMeta(page, total) };
  }

  @Put(':id/roles')
  @ApiOperation({
    operationId: 'adminSetUserRoles',
    summary: "Replace a user's roles (422 for an unknown role, 404 for no such user)",
  })
  @ApiEnvelopeResponse(AdminUserDto)
  async setRoles(
    @CurrentUser() admin: User,
    @Param('id') id: string,
    @Body() dto: SetRolesDto,
  ): Promise<AdminUserDto> {
    return toAdminUser(await this.roles.setRoles(admin, id, dto.roles));
  }
}
