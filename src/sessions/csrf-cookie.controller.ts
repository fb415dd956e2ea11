import { Controller, Get, HttpCode, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RequiresFeature, SessionRoute } from '../common/decorators/access.decorators';
import { RequestSession } from './request-session';

@ApiTags('SPA authentication (cookie session)')
@SessionRoute()
@RequiresFeature('sessions')
@Controller('sanctum')
export class CsrfCookieController {
  constructor(private readonly requestSession: RequestSession) {}

  @Get('csrf-cookie')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'getCsrfCookie',
    summary: 'Start a session if needed and set the session and XSRF-TOKEN cookies',
  })
  @ApiNoContentResponse()
  async csrfCookie(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<void> {
    await this.requestSession.ensure(req, res);
  }
}
