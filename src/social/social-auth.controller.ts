import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiFoundResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../access/auth-context';
import { Public, RequiresFeature, SessionRoute } from '../common/decorators/access.decorators';
import { CurrentAuth } from '../access/current-auth.decorator';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import type { TokenLoginResult } from '../auth/login/login.types';
import { Client, type ClientDetails } from '../common/http/client-info';
import { TokenLoginResponseDto } from '../auth/dto/token-login-response.dto';
import { SocialExchangeDto, SocialLinkResponseDto } from './dto/social-account-response.dto';
import { SocialAccountsService } from './social-accounts.service';
import { SocialLoginService } from './social-login.service';
import { SocialRedirects, type RedirectQuery } from './social-redirects';

/** Browser redirects of social login. Session routes: the OAuth state lives in the session. */
@ApiTags('Social login')
@RequiresFeature('social')
@SessionRoute()
@Controller('auth/:provider')
export class SocialRedirectController {
  constructor(private readonly social: SocialRedirects) {}

  @Get('redirect')
  @Public()
  @ApiOperation({
    operationId: 'socialRedirect',
    summary: 'Start a provider login (google, facebook, twitter); 404 when not configured',
  })
  @ApiResponse({ status: 401, description: '`intent=link` without an authenticated caller.' })
  @ApiResponse({ status: 423, description: '`intent=link` without a recent password confirmation.' })
  @ApiQuery({ name: 'intent', required: false, enum: ['link'], description: 'Link to the logged-in account' })
  @ApiQuery({ name: 'client', required: false, enum: ['app'] })
  @ApiQuery({ name: 'app_link', required: false, description: 'Allowlisted URL the app flow ends on' })
  @ApiFoundResponse({ description: 'To the provider' })
  redirect(
    @Param('provider') provider: string,
    @Query() query: RedirectQuery,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.social.redirect(provider, query, req, res);
  }

  @Get('callback')
  @Public()
  @ApiOperation({
    operationId: 'socialCallback',
    summary:
      'Provider callback; always redirects to FRONTEND_URL/auth/callback (or the app_link) with status=success|two_factor|error',
  })
  @ApiFoundResponse({
    description:
      'status=success, status=two_factor, or status=error&error=invalid_state|access_denied|account_exists|already_linked|provider_error',
  })
  callback(
    @Param('provider') provider: string,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.social.callback(provider, req, res);
  }
}

@ApiTags('Social login')
@RequiresFeature('social')
@Controller('api')
export class SocialAccountsController {
  constructor(
    private readonly social: SocialLoginService,
    private readonly accounts: SocialAccountsService,
  ) {}

  @Post('auth/social/exchange')
  @Public()
  @HttpCode(200)
  @IpRateLimit('social-exchange')
  @ApiOperation({
    operationId: 'exchangeSocialLoginCode',
    summary: 'Mobile hand-off: trade the one-time code of the app redirect for {user, token}',
  })
  @ApiEnvelopeResponse(TokenLoginResponseDto)
  exchange(@Body() dto: SocialExchangeDto, @Client() client: ClientDetails): Promise<TokenLoginResult> {
    return this.social.exchange(dto.code, client);
  }

  @Get('user/social-accounts')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ operationId: 'listSocialAccounts', summary: 'Linked providers' })
  @ApiEnvelopeResponse(SocialLinkResponseDto, 200, true)
  list(@CurrentAuth() auth: AuthContext): Promise<SocialLinkResponseDto[]> {
    return this.accounts.list(auth.user.id);
  }

  @Delete('user/social-accounts/:provider')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({
    operationId: 'unlinkSocialAccount',
    summary:
      'Unlink a provider (423 without a recent confirmation if the account has a password; 422 if it is the only way to log in)',
  })
  @ApiResponse({ status: 422, description: 'It would leave the account with no way to log in.' })
  @ApiResponse({ status: 423, description: 'The account has a password that was not confirmed recently.' })
  @ApiEnvelopeResponse(null)
  async unlink(
    @CurrentAuth() auth: AuthContext,
    @Param('provider') provider: string,
    @Client() client: ClientDetails,
  ): Promise<null> {
    await this.accounts.unlink(auth, provider, client);
    return null;
  }
}
