import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, RequiresFeature, SessionRoute } from '../common/decorators/access.decorators';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import { CompleteTwoFactorLoginAction } from './actions/complete-two-factor-login.action';
import type { TokenLoginResult } from './auth.service';
import { ApiTwoFactorChallengeDto, TwoFactorChallengeDto } from './dto/two-factor-challenge.dto';
import { TokenLoginResponseDto } from './dto/token-login-response.dto';

@ApiTags('SPA authentication (cookie session)')
@RequiresFeature('sessions', 'two-factor')
@SessionRoute()
@Controller('two-factor-challenge')
export class SpaTwoFactorChallengeController {
  constructor(private readonly complete: CompleteTwoFactorLoginAction) {}

  @Post()
  @Public()
  @HttpCode(204)
  @IpRateLimit('two-factor')
  @ApiOperation({ summary: 'Finish a pending cookie login with {code} or {recovery_code} (CSRF required)' })
  @ApiNoContentResponse()
  async challenge(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() dto: TwoFactorChallengeDto,
  ): Promise<void> {
    await this.complete.inSession(req, res, dto);
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
  @ApiOperation({ summary: 'Trade a login challenge plus {code} or {recovery_code} for {user, token}' })
  @ApiEnvelopeResponse(TokenLoginResponseDto)
  challenge(@Req() req: Request, @Body() dto: ApiTwoFactorChallengeDto): Promise<TokenLoginResult> {
    return this.complete.withChallenge(req, dto);
  }
}
