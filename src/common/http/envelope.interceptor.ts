import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { isApiRequest } from './api-route';

/** Wraps `/api` responses in `{success, errors_message, data}`; other routes answer bare bodies. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    if (!isApiRequest(req)) return next.handle();
    const res = http.getResponse<FastifyReply>();
    return next
      .handle()
      .pipe(
        map((data: unknown) =>
          res.statusCode === 204 ? undefined : { success: true, errors_message: null, data: data ?? null },
        ),
      );
  }
}
