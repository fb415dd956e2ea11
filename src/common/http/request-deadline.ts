import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DeadlineExceededException } from '../errors/app-exceptions';

type Render = (err: unknown, req: Request, res: Response) => void;

/**
 * REQUEST_TIMEOUT: a request still unanswered after `seconds` gets a 503 in the contract's JSON
 * and a log line, whatever it is waiting on (a stalled database, a provider, a lock). The handler
 * may still finish later; its late writes find the response sent and are dropped by the filter.
 */
export function requestDeadline(seconds: number, render: Render) {
  const logger = new Logger('RequestDeadline');
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = Date.now();
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      logger.warn(`${req.method} ${req.path} unanswered after ${Date.now() - started} ms: 503`);
      render(new DeadlineExceededException(), req, res);
    }, seconds * 1000);
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
