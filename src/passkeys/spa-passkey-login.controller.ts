import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SessionLoginResponder, type SessionLoginBody } from '../auth/login/session-login.responder';
import { Public, RequiresFeature, SessionRoute } from '../common/decorators/access.decorators';
import { Client, type ClientDetails } from '../common/http/client-info';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import { PasskeyErrors } from './dto/error-responses';
import { PasskeyOptionsDto } from './dto/options.dto';
import { PasskeyLoginOptionsDto, SpaPasskeyLoginDto } from './dto/passkey.dto';
import { PasskeyLoginService } from './passkey-login.service';

/** Passkey login of the first-party SPA: session routes (CSRF), answered like POST /login. */
@ApiTags('SPA authentication (cookie session)')
@SessionRoute()
@RequiresFeature('sessions', 'passkeys')
@Controller('passkeys/login')
export class SpaPasskeyLoginController {
  constructor(
    private readonly passkeys: PasskeyLoginService,
    private readonly responder: SessionLoginResponder,
  ) {}

  @Post('options')
  @Public()
  @HttpCode(200)
  @IpRateLimit('passkey-login-options')
  @ApiOperation({
    operationId: 'spaPasskeyLoginOptions',
    summary:
      'Passkey login options for navigator.credentials.get(): discoverable, or email-first with `email` (CSRF required)',
  })
  @ApiOkResponse({ type: PasskeyOptionsDto })
  @PasskeyErrors('bare', 419, 422, 429)
  options(@Body() dto: PasskeyLoginOptionsDto): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.passkeys.options(dto.email);
  }

  @Post()
  @Public()
  @HttpCode(200)
  @IpRateLimit('passkey-login')
  @ApiOperation({
    operationId: 'spaPasskeyLogin',
    summary:
      'Log in with a passkey; the session id and CSRF token rotate; no TOTP code is asked (CSRF required)',
  })
  @ApiOkResponse({ description: '`{two_factor: false}`', schema: { example: { two_factor: false } } })
  @PasskeyErrors('bare', 419, 422, 429)
  async login(
    @Body() dto: SpaPasskeyLoginDto,
    @Client() client: ClientDetails,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SessionLoginBody> {
    const outcome = await this.passkeys.login(dto.response, {
      client: 'session',
      details: client,
      remember: dto.remember,
      replacingSessionId: this.responder.currentSessionId(req),
    });
    return this.responder.respond(outcome, req, res);
  }
}
