import { Controller, Delete, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import { CurrentTokenId, CurrentUser } from '../common/decorators/current-auth.decorator';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { Client, type ClientDetails } from '../common/http/client-info';
import type { User } from '../users/user.entity';
import { TokenResponseDto } from './dto/token-response.dto';
import { LoginTokensService } from './login-tokens.service';

/** Fangate app sessions: the caller's `api` tokens. */
@ApiTags('API tokens')
@ApiBearerAuth()
@Controller('api/user/sessions')
export class ApiTokensController {
  constructor(private readonly loginTokens: LoginTokensService) {}

  @Get()
  @ApiOperation({
    operationId: 'listApiTokens',
    summary: "The caller's login tokens (name `api`), newest first; never the secret",
  })
  @ApiEnvelopeResponse(TokenResponseDto, 200, true)
  list(
    @CurrentUser() user: User,
    @CurrentTokenId() currentId: string | undefined,
  ): Promise<TokenResponseDto[]> {
    return this.loginTokens.list(user.id, currentId);
  }

  @Delete(':tokenId')
  @ApiOperation({
    operationId: 'revokeApiToken',
    summary: 'Revoke one of your tokens (403 if not yours, 404 if none)',
  })
  @ApiResponse({ status: 403, description: 'A token that belongs to someone else.' })
  @ApiEnvelopeResponse(null)
  async revoke(
    @CurrentUser() user: User,
    @Param('tokenId') tokenId: string,
    @Client() client: ClientDetails,
  ): Promise<null> {
    await this.loginTokens.revoke(user, tokenId, client);
    return null;
  }
}
