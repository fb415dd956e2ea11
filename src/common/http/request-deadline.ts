import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DeadlineExceededException } from '../errors/app-exceptions';
import { requestPath } from './api-route';

type Render = (err: unknown, req: FastifyRequest, res: FastifyReply) => void;

/**
 * REQUEST_TIMEOUT, as an `onRequest` hook: a request still unanswered after `seconds` gets a 503 in
 * the contract's JSON and a log line, whatever it is waiting on (a stalled database, a provider, a
 * lock). The handler may still finish later; its late writes find the reply sent and are dropped.
 */
export function requestDeadline(seconds: number, render: Render) {
  const logger = new Logger('RequestDeadline');
  return (req: FastifyRequest, res: FastifyReply, done: () => void): void => {
    const started = Date.now();
    const timer = setTimeout(() => {
      if (res.sent || res.raw.headersSent) return;
      logger.warn(`${req.method} ${requestPath(req)} unanswered after ${Date.now() - started} ms: 503`);
      // The request may still be sending its body: the connection is not kept for another.
      res.header('Connection', 'close');
      render(new DeadlineExceededException(), req, res);
    }, seconds * 1000);
    res.raw.once('close', () => clearTimeout(timer));
    done();
  };
}
