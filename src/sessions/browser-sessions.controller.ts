import { Body, Controller, Delete, Get, HttpCode, Param, Req, Res } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentSessionId, CurrentUser } from '../common/decorators/current-auth.decorator';
import { Client, type ClientDetails } from '../common/http/client-info';
import { ConfirmPasswordDto } from '../common/validation/password.dto';
import type { User } from '../users/user.entity';
import { BrowserSessionsService } from './browser-sessions.service';
import { BrowserSessionResponseDto } from './dto/browser-session-response.dto';
import { RequestSession } from './request-session';

/** BeatPass "Active Sessions" panel. */
@ApiTags('Active sessions')
@ApiCookieAuth()
@Controller('user')
export class BrowserSessionsController {
  constructor(
    private readonly panel: BrowserSessionsService,
    private readonly requestSession: RequestSession,
  ) {}

  @Get('browser-sessions')
  @ApiOperation({
    operationId: 'listBrowserSessions',
    summary: "The caller's browser sessions, most recently active first",
  })
  @ApiOkResponse({ type: [BrowserSessionResponseDto] })
  list(
    @CurrentUser() user: User,
    @CurrentSessionId() currentId: string | undefined,
  ): Promise<BrowserSessionResponseDto[]> {
    return this.panel.list(user.id, currentId);
  }

  @Delete('browser-sessions/:id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'endBrowserSession',
    summary: 'End one browser session (403 if not yours, 404 if none)',
  })
  @ApiResponse({ status: 403, description: "Another user's session." })
  @ApiNoContentResponse()
  async end(
    @CurrentUser() user: User,
    @CurrentSessionId() currentId: string | undefined,
    @Param('id') id: string,
    @Client() client: ClientDetails,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<void> {
    await this.panel.end(user, id, client);
    // Ending the session this request came with: the browser gets a fresh anonymous one.
    if (id === currentId) await this.requestSession.end(req, res);
  }

  @Delete('other-browser-sessions')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'endOtherBrowserSessions',
    summary: 'End every other browser session (password required; 422 when wrong)',
  })
  @ApiNoContentResponse()
  async endOthers(
    @CurrentUser() user: User,
    @CurrentSessionId() currentId: string | undefined,
    @Body() dto: ConfirmPasswordDto,
    @Client() client: ClientDetails,
  ): Promise<void> {
    await this.panel.endOthers(user, dto.password, currentId, client);
  }
}
