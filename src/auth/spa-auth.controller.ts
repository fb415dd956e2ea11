import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Role } from '../common/auth/role.enum';
import { Public, RequiresFeature, SessionRoute } from '../common/decorators/access.decorators';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import { TWO_FACTOR_ERRORS } from '../two-factor/error-codes';
import { UserResponseDto } from '../users/dto/user-response.dto';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { RegisterUserAction } from './actions/register-user.action';
import { AuthService } from './auth.service';
import { SpaLoginDto } from './dto/login.dto';
import { SpaRegisterDto } from './dto/register.dto';
import { LocalAuthGuard } from './strategies/local-auth.guard';

/** The Fortify-compatible session routes of the first-party SPA (cookie + CSRF). */
@ApiTags('SPA authentication (cookie session)')
@SessionRoute()
@RequiresFeature('sessions')
@Controller()
export class SpaAuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly register: RegisterUserAction,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @IpRateLimit('login')
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Log in; the session id and CSRF token rotate (CSRF required)' })
  @ApiOkResponse({
    description: '`{two_factor: false}`, or `{two_factor: true, message}` when a 2FA challenge must follow',
    schema: { example: { two_factor: false } },
  })
  async login(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() dto: SpaLoginDto,
  ): Promise<{ two_factor: boolean; message?: string }> {
    const user = req.user as User;
    if (await this.auth.requiresTwoFactor(user)) {
      await this.auth.startPendingSession(req, res, user, dto.remember);
      return { two_factor: true, message: TWO_FACTOR_ERRORS.LOGIN_REQUIRED };
    }
    await this.auth.startSession(req, res, user, dto.remember);
    return { two_factor: false };
  }

  @Post('register')
  @Public()
  @RequiresFeature('registration')
  @IpRateLimit('register')
  @ApiOperation({
    summary: 'Register a listener or producer and start an authenticated session (CSRF required)',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  async registerUser(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() dto: SpaRegisterDto,
  ): Promise<UserResponseDto> {
    const user = await this.register.execute(
      dto,
      dto.account_type === 'producer' ? Role.Producer : Role.Listener,
      req,
    );
    await this.auth.startSession(req, res, user);
    return this.users.resource(user);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Destroy the session; a fresh anonymous one with a new XSRF token replaces it' })
  @ApiNoContentResponse()
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(req.auth, req, res);
  }
}
