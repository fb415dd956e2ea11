import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { isApiRequest } from './api-route';

/**
 * Nest's Fastify adapter, answering `/api` routes in `{success, errors_message, data}`. The envelope
 * is put on where Nest hands a handler's result to the server: a global interceptor would do the
 * same, but would run every request through Nest's rxjs pipeline, about a tenth of the cost of an
 * authenticated read. Errors get theirs from HttpExceptionFilter; a 204 has no body.
 */
export class EnvelopingFastifyAdapter extends FastifyAdapter {
  override reply(response: ServerResponse | FastifyReply, body: unknown, statusCode?: number): FastifyReply {
    // The status as the handler left it (Nest sets the route's before the handler runs).
    if ('request' in response && isApiRequest(response.request) && response.statusCode !== 204)
      body = { success: true, errors_message: null, data: body ?? null };
    return super.reply(response, body, statusCode);
  }
}
