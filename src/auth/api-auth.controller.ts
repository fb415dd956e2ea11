import { Body, Controller, HttpCode, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-fastify/multipart';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../access/auth-context';
import { CurrentAuth } from '../access/current-auth.decorator';
import { Role } from '../common/auth/role.enum';
import { Public, RequiresFeature } from '../common/decorators/access.decorators';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import { Client, RawBody, type ClientDetails } from '../common/http/client-info';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import { RequestSession } from '../sessions/request-session';
import { BatchLoginAction } from './actions/batch-login.action';
import { RegisterUserAction } from './actions/register-user.action';
import { BatchLoginDto, BatchLoginResponseDto } from './dto/batch-login.dto';
import { ApiLoginDto, ApiLogoutDto } from './dto/login.dto';
import { ApiRegisterDto } from './dto/register.dto';
import { TokenLoginResponseDto, TwoFactorChallengeRequiredDto } from './dto/token-login-response.dto';
import { LoginPipeline } from './login/login-pipeline';
import { tokenLoginBody, type TokenLoginBody } from './login/token-login-body';
import type { TokenLoginResult } from './login/login.types';
import { LogoutAction } from './logout.action';

/** Fangate's bearer-token routes for API and mobile clients. */
@ApiTags('API authentication (bearer tokens)')
@RequiresFeature('tokens')
@Controller('api')
export class ApiAuthController {
  constructor(
    private readonly pipeline: LoginPipeline,
    private readonly register: RegisterUserAction,
    private readonly batch: BatchLoginAction,
    private readonly logoutAction: LogoutAction,
    private readonly requestSession: RequestSession,
  ) {}

  @Post('register')
  @Public()
  @RequiresFeature('registration')
  @IpRateLimit('register')
  // The seed registers with `curl -F` (multipart); JSON and urlencoded work as well.
  @UseInterceptors(NoFilesInterceptor())
  @ApiConsumes('application/json', 'multipart/form-data', 'application/x-www-form-urlencoded')
  @ApiOperation({ operationId: 'apiRegister', summary: 'Create a creator account and return a bearer token' })
  @ApiEnvelopeResponse(TokenLoginResponseDto, 201)
  async registerCreator(
    @Body() dto: ApiRegisterDto,
    @RawBody() body: unknown,
    @Client() client: ClientDetails,
  ): Promise<TokenLoginResult> {
    const user = await this.register.execute(dto, Role.Creator, client, body);
    const outcome = await this.pipeline.run({
      credentials: { kind: 'identified', user, via: 'registration' },
      client: 'token',
      details: client,
    });
    return tokenLoginBody(outcome) as TokenLoginResult;
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @IpRateLimit('login')
  @ApiOperation({ operationId: 'apiLogin', summary: 'Exchange email and password for a new bearer token' })
  @ApiEnvelopeResponse([TokenLoginResponseDto, TwoFactorChallengeRequiredDto])
  async login(@Body() dto: ApiLoginDto, @Client() client: ClientDetails): Promise<TokenLoginBody> {
    const outcome = await this.pipeline.run({
      credentials: { kind: 'password', email: dto.email, password: dto.password },
      client: 'token',
      details: client,
      device: { device_name: dto.device_name, fcm_token: dto.fcm_token },
    });
    return tokenLoginBody(outcome);
  }

  @Post('login/batch')
  @Public()
  @HttpCode(200)
  @IpRateLimit('login-batch')
  @ApiOperation({
    operationId: 'apiBatchLogin',
    summary: 'Log in up to 10 accounts at once (account switchers); one result per row, in order',
  })
  @ApiEnvelopeResponse(BatchLoginResponseDto)
  async batchLogin(
    @Body() dto: BatchLoginDto,
    @Client() client: ClientDetails,
  ): Promise<BatchLoginResponseDto> {
    return { results: await this.batch.execute(dto.accounts, client, dto.device_name) };
  }

  @Post('logout')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'apiLogout',
    summary: 'Revoke the calling token (or end the calling session); optionally drop a push token',
  })
  @ApiEnvelopeResponse(null)
  async logout(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: ApiLogoutDto,
    @Client() client: ClientDetails,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<null> {
    await this.logoutAction.execute(auth, client, () => this.requestSession.end(req, res), dto.fcm_token);
    return null;
  }
}
