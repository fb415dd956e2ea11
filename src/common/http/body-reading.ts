import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { parse as parseQuery } from 'node:querystring';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { HTTP_ERRORS } from '../errors/error-codes';
import { hasBody } from './body-type';

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Marks an error raised while decompressing a body, so the error filter can tell it from others. */
export const BODY_DECODING_FAILED = Symbol('bodyDecodingFailed');

/** A URL-encoded form with more fields than any request of the API has is refused (413). */
const MAX_FORM_FIELDS = 100;

/** `100kb`, `1mb` (BODY_LIMIT) in bytes. */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`BODY_LIMIT must look like 100kb or 1mb, not ${limit}`);
  return Number(match[1]) * (match[2].toLowerCase() === 'mb' ? 1024 * 1024 : 1024);
}

/**
 * How request bodies are read: compressed bodies (gzip, deflate, br) are decompressed, the limit
 * counting decompressed bytes; JSON must be an object or an array (an empty body reads as `{}`);
 * forms take at most 100 fields. Fastify reads no body on GET and HEAD: one sent there is still
 * read to its end and checked the same way, so that what is refused does not depend on the method.
 */
export async function registerBodyReading(fastify: FastifyInstance, limit: number): Promise<void> {
  fastify.addHook('preParsing', async (req, _reply, payload) => {
    const decoded = decode(req, payload);
    if (!parsesBody(req) && hasBody(req)) await drain(decoded, limit);
    return decoded;
  });

  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: limit },
    (req, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, {});
      if (!/^[\s]*[[{]/.test(text)) return done(malformedJson(), undefined);
      parseJson(req, text, done);
    },
  );
  await fastify.register(formbody, { bodyLimit: limit, parser: parseForm });
}

/** Fastify's own rule (lib/handleRequest.js): which requests get their body parsed. */
function parsesBody(req: FastifyRequest): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  if (req.method === 'DELETE' || req.method === 'OPTIONS') return req.headers['content-type'] !== undefined;
  return true;
}

function decode(req: FastifyRequest, payload: Readable): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return payload;
  const decoder = DECODERS[encoding];
  if (!decoder) throw new UnsupportedMediaTypeException(HTTP_ERRORS.UNSUPPORTED_MEDIA);
  const stream = decoder() as Transform & { receivedEncodedLength: number };
  // Content-Length counts the compressed bytes; Fastify compares it with this.
  stream.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => (stream.receivedEncodedLength += chunk.length));
  stream.once('error', (err) => Object.assign(err, { [BODY_DECODING_FAILED]: true }));
  payload.on('error', (err) => stream.destroy(err));
  return payload.pipe(stream);
}

function drain(stream: Readable, limit: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = 0;
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        stream.destroy();
        reject(new PayloadTooLargeException(HTTP_ERRORS.PAYLOAD_TOO_LARGE));
      }
    });
    stream.once('error', reject);
    stream.once('end', resolve);
  });
}

function parseForm(text: string): Record<string, unknown> {
  let fields = 1;
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1))
    if (++fields > MAX_FORM_FIELDS) throw new PayloadTooLargeException(HTTP_ERRORS.PAYLOAD_TOO_LARGE);
  return { ...parseQuery(text) };
}

function malformedJson(): Error {
  return Object.assign(new SyntaxError(HTTP_ERRORS.MALFORMED_JSON), { statusCode: 400 });
}
