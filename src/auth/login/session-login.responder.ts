import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestSession } from '../../sessions/request-session';
import { TWO_FACTOR_ERRORS } from '../../two-factor/error-codes';
import type { LoginOutcome } from './login.types';

export interface SessionLoginBody {
  two_factor: boolean;
  message?: string;
}

/** Turns a cookie client's login outcome into its cookies and Fortify's `{two_factor}` body. */
@Injectable()
export class SessionLoginResponder {
  constructor(private readonly requestSession: RequestSession) {}

  /** The request's session, which a cookie login replaces. */
  currentSessionId(req: FastifyRequest): string | undefined {
    return this.requestSession.current(req)?.id;
  }

  respond(outcome: LoginOutcome, req: FastifyRequest, res: FastifyReply): SessionLoginBody {
    if (outcome.kind === 'two-factor' && outcome.session) {
      this.requestSession.adopt(req, res, outcome.session);
      return { two_factor: true, message: TWO_FACTOR_ERRORS.LOGIN_REQUIRED };
    }
    if (outcome.kind !== 'session') throw new Error(`A cookie login ended in a ${outcome.kind} outcome`);
    this.requestSession.adopt(req, res, outcome.session);
    return { two_factor: false };
  }
}
