import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Role } from '../common/auth/role.enum';
import { Public, RequiresFeature, SessionRoute } from '../common/decorators/access.decorators';
import { Client, RawBody, type ClientDetails } from '../common/http/client-info';
import { IpRateLimit } from '../common/throttling/ip-rate-limit.guard';
import { RequestSession } from '../sessions/request-session';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { UsersService } from '../users/users.service';
import { RegisterUserAction } from './actions/register-user.action';
import { SpaLoginDto } from './dto/login.dto';
import { SessionLoginResponseDto } from './dto/session-login-response.dto';
import { SpaRegisterDto } from './dto/register.dto';
import { LoginPipeline } from './login/login-pipeline';
import { SessionLoginResponder, type SessionLoginBody } from './login/session-login.responder';
import { LogoutAction } from './logout.action';

/** The Fortify-compatible session routes of the first-party SPA (cookie + CSRF). */
@ApiTags('SPA authentication (cookie session)')
@SessionRoute()
@RequiresFeature('sessions')
@Controller()
export class SpaAuthController {
  constructor(
    private readonly pipeline: LoginPipeline,
    private readonly responder: SessionLoginResponder,
    private readonly register: RegisterUserAction,
    private readonly logoutAction: LogoutAction,
    private readonly requestSession: RequestSession,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @IpRateLimit('login')
  @ApiOperation({
    operationId: 'spaLogin',
    summary: 'Log in; the session id and CSRF token rotate (CSRF required)',
  })
  @ApiOkResponse({
    description: '`{two_factor: false}`, or `{two_factor: true, message}` when a 2FA challenge must follow',
    type: SessionLoginResponseDto,
  })
  async login(
    @Body() dto: SpaLoginDto,
    @Client() client: ClientDetails,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SessionLoginBody> {
    const outcome = await this.pipeline.run({
      credentials: { kind: 'password', email: dto.email, password: dto.password },
      client: 'session',
      details: client,
      remember: dto.remember,
      replacingSessionId: this.responder.currentSessionId(req),
    });
    return this.responder.respond(outcome, req, res);
  }

  @Post('register')
  @Public()
  @RequiresFeature('registration')
  @IpRateLimit('register')
  @ApiOperation({
    operationId: 'spaRegister',
    summary: 'Register a listener or producer and start an authenticated session (CSRF required)',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  async registerUser(
    @Body() dto: SpaRegisterDto,
    @RawBody() body: unknown,
    @Client() client: ClientDetails,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<UserResponseDto> {
    const role = dto.account_type === 'producer' ? Role.Producer : Role.Listener;
    const user = await this.register.execute(dto, role, client, body);
    const outcome = await this.pipeline.run({
      credentials: { kind: 'identified', user, via: 'registration' },
      client: 'session',
      details: client,
      replacingSessionId: this.responder.currentSessionId(req),
    });
    this.responder.respond(outcome, req, res);
    return this.users.resource(user);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'spaLogout',
    summary: 'Destroy the session; a fresh anonymous one with a new XSRF token replaces it',
  })
  @ApiNoContentResponse()
  async logout(
    @Client() client: ClientDetails,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<void> {
    await this.logoutAction.execute(req.auth, client, () => this.requestSession.end(req, res));
  }
}
