import { Controller, Delete, Get, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthContext } from '../common/auth/auth-context';
import { CurrentAuth } from '../common/decorators/current-auth.decorator';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { ActiveSessionsService } from './active-sessions.service';
import { TokenResponseDto } from './dto/token-response.dto';

/** Fangate app sessions: the caller's `api` tokens. */
@ApiTags('API tokens')
@ApiBearerAuth()
@Controller('api/user/sessions')
export class ApiTokensController {
  constructor(private readonly active: ActiveSessionsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's login tokens (name `api`), newest first; never the secret" })
  @ApiEnvelopeResponse(TokenResponseDto, 200, true)
  list(@CurrentAuth() auth: AuthContext): Promise<TokenResponseDto[]> {
    return this.active.listTokens(auth);
  }

  @Delete(':tokenId')
  @ApiOperation({ summary: 'Revoke one of your tokens (403 if not yours, 404 if none)' })
  @ApiEnvelopeResponse(null)
  async revoke(
    @CurrentAuth() auth: AuthContext,
    @Param('tokenId') tokenId: string,
    @Req() req: Request,
  ): Promise<null> {
    await this.active.revokeToken(auth, tokenId, req);
    return null;
  }
}
