import { Body, Controller, HttpCode, Post, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthContext } from '../common/auth/auth-context';
import { Role } from '../common/auth/role.enum';
import { CurrentAuth } from '../common/decorators/current-auth.decorator';
import { Public, RequiresFeature } from '../common/decorators/access.decorators';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import { ApiEnvelopeResponse } from '../common/http/api-envelope.decorator';
import type { User } from '../users/user.entity';
import { BatchLoginAction } from './actions/batch-login.action';
import { RegisterUserAction } from './actions/register-user.action';
import { AuthService, type TokenLoginResult } from './auth.service';
import { BatchLoginDto, BatchLoginResponseDto } from './dto/batch-login.dto';
import { ApiLoginDto, ApiLogoutDto } from './dto/login.dto';
import { ApiRegisterDto } from './dto/register.dto';
import { TokenLoginResponseDto } from './dto/token-login-response.dto';
import { LocalAuthGuard } from './strategies/local-auth.guard';

/** Fangate's bearer-token routes for API and mobile clients. */
@ApiTags('API authentication (bearer tokens)')
@RequiresFeature('tokens')
@Controller('api')
export class ApiAuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly register: RegisterUserAction,
    private readonly batch: BatchLoginAction,
  ) {}

  @Post('register')
  @Public()
  @RequiresFeature('registration')
  @IpRateLimit('register')
  // The seed registers with `curl -F` (multipart); JSON and urlencoded work as well.
  @UseInterceptors(NoFilesInterceptor())
  @ApiConsumes('application/json', 'multipart/form-data', 'application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Create a creator account and return a bearer token' })
  @ApiEnvelopeResponse(TokenLoginResponseDto, 201)
  async registerCreator(@Req() req: Request, @Body() dto: ApiRegisterDto): Promise<TokenLoginResult> {
    const user = await this.register.execute(dto, Role.Creator, req);
    return this.auth.issueToken(req, user);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @IpRateLimit('login')
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Exchange email and password for a new bearer token' })
  @ApiEnvelopeResponse(TokenLoginResponseDto)
  async login(
    @Req() req: Request,
    @Body() dto: ApiLoginDto,
  ): Promise<TokenLoginResult | { two_factor: true; challenge: string }> {
    const user = req.user as User;
    if (await this.auth.requiresTwoFactor(user)) {
      return { two_factor: true, challenge: await this.auth.startTokenChallenge(req, user, dto) };
    }
    return this.auth.issueToken(req, user, dto);
  }

  @Post('login/batch')
  @Public()
  @HttpCode(200)
  @IpRateLimit('login-batch')
  @ApiOperation({
    summary: 'Log in up to 10 accounts at once (account switchers); one result per row, in order',
  })
  @ApiEnvelopeResponse(BatchLoginResponseDto)
  async batchLogin(@Req() req: Request, @Body() dto: BatchLoginDto): Promise<BatchLoginResponseDto> {
    return { results: await this.batch.execute(dto.accounts, req, dto.device_name) };
  }

  @Post('logout')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Revoke the calling token (or end the calling session); optionally drop a push token',
  })
  @ApiEnvelopeResponse(null)
  async logout(
    @CurrentAuth() auth: AuthContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() dto: ApiLogoutDto,
  ): Promise<null> {
    await this.auth.logout(auth, req, res, dto.fcm_token);
    return null;
  }
}
