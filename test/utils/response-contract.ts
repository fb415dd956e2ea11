import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { DOCUMENT_FILE } from '../../scripts/client-schema.mjs';

/**
 * Checks real responses against the API document: the checked-in clients/typescript/openapi.json,
 * which the OpenAPI test proves equal to what /docs/json serves. Works on what a client sees
 * (method, URL, status, content type, body), never on the server's internals.
 */

type Json = Record<string, unknown>;

export interface ObservedResponse {
  method: string;
  /** Absolute or path-only; the query string is ignored. */
  url: string;
  status: number;
  contentType: string | undefined;
  /** The parsed JSON body (undefined when there is none). */
  body: unknown;
}

export interface Verdict {
  /** `getCurrentUser 200`, or undefined when the request named no documented operation. */
  checked?: string;
  problem?: string;
}

interface OperationEntry {
  id: string;
  pointer: string;
  responses: Json;
}

interface PathEntry {
  template: string;
  pattern: RegExp;
  literalChars: number;
  operations: Map<string, OperationEntry>;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * OpenAPI 3.0 schema objects → JSON Schema (draft-07, as Ajv reads it): `nullable` becomes a null
 * alternative, references point into the document registered under the id `openapi`, and an object
 * that lists its properties gets no others (a field the document does not name is drift too).
 */
function toJsonSchema(node: unknown, inSchema: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, inSchema));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/^#/, 'openapi#');
    else if (key === 'example' || key === 'examples' || key === 'nullable') continue;
    else if (key === 'properties' && inSchema && value && typeof value === 'object')
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v, true)]),
      );
    else out[key] = toJsonSchema(value, inSchema || key === 'schema' || key === 'schemas');
  }
  if (inSchema && out.properties && out.additionalProperties === undefined && !out.allOf)
    out.additionalProperties = false;
  if (inSchema && src.nullable === true) {
    const { description, ...rest } = out;
    const enumOf = rest.enum as unknown[] | undefined;
    if (enumOf && !enumOf.includes(null)) rest.enum = [...enumOf, null];
    return { ...(description !== undefined && { description }), anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

export class ResponseContract {
  private readonly ajv: Ajv;
  private readonly paths: PathEntry[];
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(private readonly document: Json) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(toJsonSchema(document, false) as Json, 'openapi');
    this.paths = Object.entries(document.paths as Record<string, Json>).map(([template, item]) => ({
      template,
      pattern: new RegExp(
        '^' +
          template
            .split(/\{[^}]+\}/)
            .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
            .join('([^/]+)') +
          '/?$',
      ),
      literalChars: template.replace(/\{[^}]+\}/g, '').length,
      operations: new Map(
        Object.entries(item).map(([method, op]) => [
          method.toUpperCase(),
          {
            id: ((op as Json).operationId as string) ?? `${method} ${template}`,
            pointer: `#/paths/${escapePointer(template)}/${method}`,
            responses: (op as Json).responses as Json,
          },
        ]),
      ),
    }));
    // The most literal template first: `/api/user/sessions` before `/api/user/{anything}`.
    this.paths.sort((a, b) => b.literalChars - a.literalChars);
  }

  static fromCheckedInDocument(): ResponseContract {
    return new ResponseContract(JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as Json);
  }

  /** The documented operation a request names, if any. */
  private operation(method: string, url: string): OperationEntry | undefined {
    const path = new URL(url, 'http://client.invalid').pathname;
    for (const p of this.paths) if (p.pattern.test(path)) return p.operations.get(method.toUpperCase());
    return undefined;
  }

  /** The response object (resolving a shared one) for a status, if documented. */
  private response(op: OperationEntry, status: number): { pointer: string; value: Json } | undefined {
    const own = op.responses[String(status)] as Json | undefined;
    if (!own) return undefined;
    if (typeof own.$ref === 'string') {
      const name = own.$ref.slice(own.$ref.lastIndexOf('/') + 1);
      const components = (this.document.components as Json).responses as Json;
      return { pointer: `#/components/responses/${escapePointer(name)}`, value: components[name] as Json };
    }
    return { pointer: `${op.pointer}/responses/${status}`, value: own };
  }

  private validator(pointer: string, response: Json): ValidateFunction | null {
    let v = this.validators.get(pointer);
    if (v === undefined) {
      const json = (response.content as Json | undefined)?.['application/json'] as Json | undefined;
      v = json?.schema
        ? this.ajv.compile({ $ref: `openapi${pointer}/content/application~1json/schema` })
        : null;
      this.validators.set(pointer, v);
    }
    return v;
  }

  check(r: ObservedResponse): Verdict {
    if (r.method === 'HEAD' || r.method === 'OPTIONS') return {};
    const op = this.operation(r.method, r.url);
    if (!op) return {};
    const checked = `${op.id} ${r.status}`;
    const documented = this.response(op, r.status);
    if (!documented) return { checked, problem: `status ${r.status} is not documented for ${op.id}` };
    const validate = this.validator(documented.pointer, documented.value);
    if (!validate) return { checked };
    if (!r.contentType?.includes('application/json'))
      return {
        checked,
        problem: `${op.id} ${r.status}: documented as JSON, answered ${r.contentType ?? 'no body'}`,
      };
    if (validate(r.body)) return { checked };
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`,
      );
    return {
      checked,
      problem: `${op.id} ${r.status}: the body does not match the document: ${errors.join('; ')}`,
    };
  }
}
