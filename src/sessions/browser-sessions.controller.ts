import { Body, Controller, Delete, Get, HttpCode, Param, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthContext } from '../common/auth/auth-context';
import { CurrentAuth } from '../common/decorators/current-auth.decorator';
import { ActiveSessionsService } from './active-sessions.service';
import { BrowserSessionResponseDto } from './dto/browser-session-response.dto';
import { ConfirmPasswordDto } from './password-confirmation/confirm-password.controller';

/** BeatPass "Active Sessions" panel. */
@ApiTags('Active sessions')
@ApiCookieAuth()
@Controller('user')
export class BrowserSessionsController {
  constructor(private readonly active: ActiveSessionsService) {}

  @Get('browser-sessions')
  @ApiOperation({ summary: "The caller's browser sessions, most recently active first" })
  @ApiOkResponse({ type: [BrowserSessionResponseDto] })
  list(@CurrentAuth() auth: AuthContext): Promise<BrowserSessionResponseDto[]> {
    return this.active.listBrowserSessions(auth);
  }

  @Delete('browser-sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one browser session (403 if not yours, 404 if none)' })
  @ApiNoContentResponse()
  async end(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.active.endBrowserSession(auth, id, req, res);
  }

  @Delete('other-browser-sessions')
  @HttpCode(204)
  @ApiOperation({ summary: 'End every other browser session (password required; 422 when wrong)' })
  @ApiNoContentResponse()
  async endOthers(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: ConfirmPasswordDto,
    @Req() req: Request,
  ): Promise<void> {
    await this.active.endOtherBrowserSessions(auth, dto.password, req);
  }
}
