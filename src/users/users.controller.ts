import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '../common/decorators/current-auth.decorator';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UserResponseDto } from './dto/user-response.dto';
import type { User } from './user.entity';
import { UsersService } from './users.service';

@ApiTags('Users')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/user')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({
    operationId: 'getCurrentUser',
    summary: 'The current user resource (either kind of authentication)',
  })
  @ApiEnvelopeResponse(UserResponseDto)
  me(@CurrentUser() user: User): Promise<UserResponseDto> {
    return this.users.resource(user);
  }

  @Put('profile')
  @ApiOperation({
    operationId: 'updateProfile',
    summary: "Update the caller's own names, adult-content settings and payout bank details",
  })
  @ApiEnvelopeResponse(UserResponseDto)
  async updateProfile(
    @CurrentUser() user: User,
    @Body() dto: UpdateProfileDto,
    @Req() req: FastifyRequest,
  ): Promise<UserResponseDto> {
    // The raw body too: the products' profile fields are not on the core's DTO.
    return this.users.resource(await this.users.updateProfile(user, dto, req.body));
  }
}
