import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { privatePassport } from '../../common/auth/run-strategy';
import type { User } from '../../users/user.entity';
import { AttemptToAuthenticateAction } from '../actions/attempt-to-authenticate.action';

/** passport-local at the login edge; the rules live in AttemptToAuthenticateAction. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly attempt: AttemptToAuthenticateAction) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  getPassportInstance() {
    return privatePassport();
  }

  validate(req: Request, email: string, password: string): Promise<User> {
    return this.attempt.execute(email, password, req);
  }
}
