/** The operations of the served OpenAPI document (`GET /docs/json`), in the shape the fuzzer needs. */

export interface Schema {
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

export type SecurityKind = 'cookie' | 'bearer';

export interface Operation {
  /** `METHOD /path/{param}`: how counts and failures name the operation. */
  id: string;
  method: string;
  /** The path template of the document, `{name}` for each path parameter. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** Media types of the request body the document lists (empty: the operation takes none). */
  bodyTypes: string[];
  bodySchema?: Schema;
  bodyRequired: boolean;
  /** Empty for a public operation. */
  security: SecurityKind[];
}

interface RawSchema extends Schema {
  $ref?: string;
  allOf?: RawSchema[];
  properties?: Record<string, RawSchema>;
  items?: RawSchema;
}

interface RawParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: RawSchema;
}

interface RawOperation {
  parameters?: RawParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: RawSchema }> };
  security?: Array<Record<string, unknown>>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, RawSchema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Resolves `$ref` and `allOf` into one plain schema (at most `depth` levels, against cycles). */
export function resolveSchema(doc: OpenApiDocument, raw: RawSchema | undefined, depth = 0): Schema {
  if (!raw || depth > 12) return {};
  if (raw.$ref) {
    const name = raw.$ref.replace('#/components/schemas/', '');
    return resolveSchema(doc, doc.components?.schemas?.[name], depth + 1);
  }
  const { allOf, properties, items, $ref: _ref, ...rest } = raw;
  void _ref;
  let out: Schema = { ...rest };
  for (const part of allOf ?? []) {
    const resolved = resolveSchema(doc, part, depth + 1);
    out = {
      ...resolved,
      ...out,
      type: resolved.type ?? out.type,
      properties: { ...resolved.properties, ...out.properties },
    };
  }
  if (properties) {
    out.properties = { ...out.properties };
    for (const [k, v] of Object.entries(properties)) out.properties[k] = resolveSchema(doc, v, depth + 1);
  }
  if (items) out.items = resolveSchema(doc, items, depth + 1);
  return out;
}

/** Every operation of the document; path parameters missing from `parameters` are read off the template. */
export function loadOperations(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const raw = item[method];
      if (!raw) continue;
      const declared = (raw.parameters ?? []).map((p): Parameter => ({
        name: p.name,
        in: p.in === 'path' ? 'path' : 'query',
        required: !!p.required,
        schema: resolveSchema(doc, p.schema),
      }));
      const pathParams = declared.filter((p) => p.in === 'path');
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!pathParams.some((p) => p.name === name))
          pathParams.push({ name, in: 'path', required: true, schema: { type: 'string' } });
      }
      const content = raw.requestBody?.content ?? {};
      const bodyTypes = Object.keys(content);
      const json = content['application/json'] ?? Object.values(content)[0];
      const security = new Set<SecurityKind>();
      for (const s of raw.security ?? []) {
        if ('bearer' in s) security.add('bearer');
        if ('cookie' in s) security.add('cookie');
      }
      ops.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams,
        queryParams: declared.filter((p) => p.in === 'query'),
        bodyTypes,
        bodySchema: json?.schema ? resolveSchema(doc, json.schema) : undefined,
        bodyRequired: !!raw.requestBody?.required,
        security: [...security],
      });
    }
  }
  return ops;
}
