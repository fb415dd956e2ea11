import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RequiresFeature, SessionRoute } from '../common/decorators/access.decorators';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { Client, type ClientDetails } from '../common/http/client-info';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import { RequestSession } from '../sessions/request-session';
import { CompleteTwoFactorLoginAction } from './actions/complete-two-factor-login.action';
import { ApiTwoFactorChallengeDto, TwoFactorChallengeDto } from './dto/two-factor-challenge.dto';
import { TokenLoginResponseDto } from './dto/token-login-response.dto';
import type { TokenLoginResult } from './login/login.types';
import { SessionLoginResponder } from './login/session-login.responder';
import { tokenLoginBody } from './login/token-login-body';

@ApiTags('SPA authentication (cookie session)')
@RequiresFeature('sessions', 'two-factor')
@SessionRoute()
@Controller('two-factor-challenge')
export class SpaTwoFactorChallengeController {
  constructor(
    private readonly complete: CompleteTwoFactorLoginAction,
    private readonly requestSession: RequestSession,
    private readonly responder: SessionLoginResponder,
  ) {}

  @Post()
  @Public()
  @HttpCode(204)
  @IpRateLimit('two-factor')
  @ApiOperation({
    operationId: 'spaTwoFactorChallenge',
    summary: 'Finish a pending cookie login with {code} or {recovery_code} (CSRF required)',
  })
  @ApiNoContentResponse()
  async challenge(
    @Body() dto: TwoFactorChallengeDto,
    @Client() client: ClientDetails,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<void> {
    const outcome = await this.complete.inSession(this.requestSession.current(req), dto, client);
    this.responder.respond(outcome, req, res);
  }
}

@ApiTags('API authentication (bearer tokens)')
@RequiresFeature('tokens', 'two-factor')
@Controller('api/two-factor-challenge')
export class ApiTwoFactorChallengeController {
  constructor(private readonly complete: CompleteTwoFactorLoginAction) {}

  @Post()
  @Public()
  @HttpCode(200)
  @IpRateLimit('two-factor')
  @ApiOperation({
    operationId: 'apiTwoFactorChallenge',
    summary: 'Trade a login challenge plus {code} or {recovery_code} for {user, token}',
  })
  @ApiEnvelopeResponse(TokenLoginResponseDto)
  async challenge(
    @Body() dto: ApiTwoFactorChallengeDto,
    @Client() client: ClientDetails,
  ): Promise<TokenLoginResult> {
    return tokenLoginBody(await this.complete.withChallenge(dto, client)) as TokenLoginResult;
  }
}
