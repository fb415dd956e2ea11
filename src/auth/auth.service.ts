import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { clientIp, clientUserAgent } from '../common/http/client-info';
import { SessionsService } from '../sessions/sessions.service';
import { TokensService } from '../sessions/tokens.service';
import type { UserResponseDto } from '../users/dto/user-response.dto';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';

export interface TokenLoginResult {
  user: UserResponseDto;
  token: string;
}

/** What happens once a user is known: a rotated session for the SPA, a new token for API clients. */
@Injectable()
export class AuthService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
  ) {}

  async startSession(req: Request, res: Response, user: User, remember = false): Promise<void> {
    await this.sessions.regenerate(req, res, { userId: user.id, remember });
  }

  async issueToken(
    req: Request,
    user: User,
    device: { device_name?: string; fcm_token?: string } = {},
  ): Promise<TokenLoginResult> {
    const { plainText } = await this.tokens.issue(user, {
      name: 'api',
      deviceName: device.device_name ?? null,
      fcmToken: device.fcm_token ?? null,
      ipAddress: clientIp(req),
      userAgent: clientUserAgent(req),
    });
    return { user: await this.users.resource(user), token: plainText };
  }
}
