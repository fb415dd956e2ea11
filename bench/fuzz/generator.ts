import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { Operation, Parameter, Schema } from './openapi';
import { Rng } from './prng';

export type ClientKind = 'anonymous' | 'bearer' | 'session';
export const CLIENT_KINDS: readonly ClientKind[] = ['anonymous', 'bearer', 'session'];

/** The first-party SPA origin of docs/http-contract.md §3 (in STATEFUL_DOMAINS by default). */
export const FIRST_PARTY = 'http://localhost:3000';

/**
 * What a request mutates. Each request changes one aspect of an otherwise valid request, so that the
 * mutation reaches as deep as it can (a bad body behind a missing token only ever tests the token).
 */
export const FOCUSES = [
  'baseline',
  'null',
  'type',
  'deep',
  'unicode',
  'encoding',
  'proto',
  'auth',
  'container',
  'malformed',
  'huge',
  'content-type',
  'path',
  'query',
  'number',
  'string',
  'unknown',
  'headers',
  'method',
] as const;
export type Focus = (typeof FOCUSES)[number];

/** Values the generator may use so that requests get past the first checks. */
export interface FuzzContext {
  /** The password of every account the harness made. */
  password: string;
  /**
   * Accounts that login bodies may name. Never a client's own account: failed attempts are throttled
   * per email, and the harness must always be able to log its clients in again.
   */
  loginTargets: Array<{ email: string; password: string }>;
  /** Known values of path parameters, by `METHOD /path {name}` or by parameter name. */
  ids: Record<string, string[]>;
  /** Valid bearer tokens that no client uses (for `tokens` arrays and cross-user Authorization). */
  foreignTokens: string[];
}

/** How a client authenticates right now. */
export interface ClientCredentials {
  bearer?: string;
  /** Cookie header: the session client's authenticated session, the anonymous client's bare CSRF session. */
  cookie?: string;
  xsrf?: string;
}

export interface FuzzRequest {
  index: number;
  op: Operation;
  client: ClientKind;
  focus: Focus;
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** In order; a name may repeat. */
  headers: Array<[string, string]>;
  body?: Buffer;
  /** Sent with Transfer-Encoding: chunked instead of Content-Length. */
  chunked: boolean;
  /** What was done to the request, for the report. */
  mutations: string[];
  /** The client's credentials were sent as they are: a 401/419 then means they went stale. */
  authIntact: boolean;
}

/** Emitted into JSON text as it is (numbers JSON.stringify cannot write, deep nesting, raw tokens). */
export class Raw {
  constructor(readonly text: string) {}
}

/** An object written key by key: keeps duplicate keys and `__proto__` as an own key. */
export class Entries {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

/** Replaced by raw bytes after serialization (invalid UTF-8 inside a JSON string). */
const BYTES_MARK = '\u0001FZBYTES\u0001';
const INVALID_UTF8 = [
  Buffer.from([0xed, 0xa0, 0x80]), // a surrogate encoded as UTF-8 (CESU / WTF-8)
  Buffer.from([0xc0, 0x80]), // overlong NUL
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xe2, 0x82]), // truncated sequence
  Buffer.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
];

/** JSON text of a value that may hold Raw, Entries and lone surrogates (escaped as JSON.stringify does). */
export function toJson(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (v instanceof Entries)
    return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v !== null && typeof v === 'object') return toJson(new Entries(Object.entries(v)));
  if (v === undefined) return 'null';
  return JSON.stringify(v);
}

/** Percent-encodes every UTF-16 code unit as its (WTF-8) bytes, lone surrogates included. */
export function percentEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (/[A-Za-z0-9\-_.~]/.test(s[i])) {
      out += s[i];
      continue;
    }
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    const bytes =
      cp < 0x80
        ? [cp]
        : cp < 0x800
          ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
          : cp < 0x10000
            ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
            : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
    out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

const WRONG_TYPES: unknown[] = [
  0,
  -1,
  1.5,
  1e308,
  true,
  false,
  '',
  'x',
  '1',
  'true',
  [],
  {},
  [1, 2],
  ['a'],
  { a: 1 },
  [{}],
  [[]],
  ' ',
];

const EDGE_NUMBERS: unknown[] = [
  new Raw('1e400'),
  new Raw('-1e400'),
  new Raw('-0'),
  new Raw('1E2'),
  new Raw('0.00000000000000000000001'),
  new Raw('123456789012345678901234567890'),
  new Raw('1.0000000000000000000000001'),
  new Raw('9007199254740993'),
  2147483648,
  -2147483649,
  4294967296,
  99999.999,
  100000,
  0.1 + 0.2,
  -0.01,
  1e-7,
  '12',
  ' 1 ',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '-1',
  '',
];

const EDGE_STRINGS: string[] = [
  '💩🏳️‍🌈👨‍👩‍👧‍👦',
  'مرحبا بالعالم',
  '\u202egnp.exe',
  'a\u200bb\u200c\u200d\ufeff',
  'e\u0301\u0301\u0301\u0301',
  '\u2028\u2029',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  '%s%s%s%n',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '   ',
  '\t\r\n',
  '\\',
  '\\u0000',
  'ǅǈǋ ß İ ı',
  '𝕗𝕦𝕫𝕫',
  'x'.repeat(256),
  '\u{10ffff}\ufffe\uffff',
  'null',
  'undefined',
  '0',
  '[object Object]',
];

const UNICODE_BREAKERS: string[] = ['\ud800', '\udfff', '\udbff\ud800', 'a\u0000b', '\u0000', '\ud83d'];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

const MASS_ASSIGNMENT: Array<[string, unknown]> = [
  ['id', 1],
  ['user_id', 1],
  ['roles', ['admin']],
  ['role', 'admin'],
  ['is_admin', true],
  ['email_verified_at', '2020-01-01T00:00:00Z'],
  ['password_hash', 'x'],
  ['two_factor_secret', 'JBSWY3DPEHPK3PXP'],
  ['producer_id', 1],
  ['creator_id', 1],
  ['status', 'completed'],
  ['_token', 'not-a-token'],
  ['$where', '1'],
  ['$ne', null],
];

const HOSTILE_PATH_VALUES = [
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  '2147483648',
  '9007199254740993',
  '99999999999999999999',
  'abc',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'true',
  '__proto__',
  'constructor',
  'prototype',
  '%00',
  '%ZZ',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%80',
  '%F0%9F%92%A9',
  '%20',
  '%201',
  '1%0A',
  '%2e%2e',
  '..%2F..%2Fetc%2Fpasswd',
  '%7B%7D',
  '%5B%5D',
  "1'",
  '1;DROP',
  '1,2',
];

const HOSTILE_QUERY_VALUES = [
  '',
  '0',
  '-1',
  '1.5',
  '1e400',
  '99999999999999999999',
  '2147483648',
  'abc',
  'null',
  '%00',
  '%ZZ',
  '%',
  '%ED%A0%80',
  '%C0%80',
  '%F0%9F%92%A9',
  '%20%20',
  'a'.repeat(300),
  '%5B%5D',
];

// ---------------------------------------------------------------------------------------------
// Valid values from the schema
// ---------------------------------------------------------------------------------------------

const LOGIN_PATHS = /^\/(api\/)?login(\/batch)?$/;

function known(ctx: FuzzContext, op: Operation, name: string): string[] | undefined {
  return ctx.ids[`${op.id} {${name}}`] ?? ctx.ids[name];
}

function freshEmail(rng: Rng): string {
  return `fz-${rng.string(10)}@example.com`;
}

/** A value for a named field that a careful client would send. */
function validFor(name: string, schema: Schema, rng: Rng, ctx: FuzzContext, op: Operation): unknown {
  const target = ctx.loginTargets.length ? rng.pick(ctx.loginTargets) : undefined;
  switch (name) {
    case 'email':
      return LOGIN_PATHS.test(op.path) && target ? target.email : freshEmail(rng);
    case 'password':
    case 'current_password':
    case 'password_confirmation':
      return ctx.password;
    case 'birth_date':
      return rng.pick(['1990-04-12', '1985-12-31', '2000-02-29']);
    case 'first_name':
    case 'last_name':
      return rng.pick(['Fuzz', 'Casey', 'Zoë']);
    case 'code':
      return op.path.includes('social') ? rng.string(32) : String(rng.int(0, 999999)).padStart(6, '0');
    case 'recovery_code':
      return `${rng.string(10)}-${rng.string(10)}`;
    case 'challenge':
    case 'token':
      return rng.string(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
    case 'url':
      return `https://cdn.example.com/p/${rng.int(1, 99)}.jpg`;
    case 'app_link':
      return rng.pick([`${FIRST_PARTY}/verified`, 'https://evil.example/x']);
    case 'device_name':
      return 'Fuzz device';
    case 'fcm_token':
      return rng.string(64);
    case 'user_id':
      return Number(rng.pick(known(ctx, op, 'user') ?? ['1']));
    case 'master_id':
    case 'currency_id':
      return rng.int(1, 3);
    case 'fee_percentage':
      return rng.int(0, 1000) / 100;
    case 'price':
    case 'budget':
      return rng.int(0, 10000) / 100;
    case 'tokens':
      return ctx.foreignTokens.length
        ? ctx.foreignTokens.slice(0, rng.int(1, ctx.foreignTokens.length))
        : [`1|${rng.string(40)}`];
    case 'accounts': {
      const rows: unknown[] = [];
      for (let i = rng.int(1, 3); i > 0; i--) {
        const t = ctx.loginTargets.length && rng.chance(0.7) ? rng.pick(ctx.loginTargets) : undefined;
        rows.push(t ? { ...t } : { email: freshEmail(rng), password: ctx.password });
      }
      return rows;
    }
    default:
      return fromSchema(schema, rng, ctx, op, 0);
  }
}

/** A value that satisfies the schema (as far as the schema says anything). */
export function fromSchema(
  schema: Schema,
  rng: Rng,
  ctx: FuzzContext,
  op: Operation,
  depth: number,
): unknown {
  if (schema.enum?.length) return structuredClone(rng.pick(schema.enum));
  if (schema.example !== undefined && rng.chance(0.5)) return structuredClone(schema.example);
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(k) || rng.chance(0.6)) out[k] = validFor(k, s, rng, ctx, op);
      }
      if (typeof out.password === 'string' && 'password_confirmation' in (schema.properties ?? {}))
        out.password_confirmation = out.password;
      return out;
    }
    case 'array': {
      const n = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, rng.int(1, 3)));
      return Array.from({ length: n }, () => fromSchema(schema.items ?? {}, rng, ctx, op, depth + 1));
    }
    case 'number':
    case 'integer': {
      const lo = schema.minimum ?? 0;
      const hi = schema.maximum ?? 100;
      return schema.type === 'integer'
        ? rng.int(lo, hi)
        : Math.round((lo + rng.next() * (hi - lo)) * 100) / 100;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'string': {
      const min = schema.minLength ?? 1;
      return `Fuzz ${rng.string(Math.max(min, rng.int(3, 12)))}`;
    }
    default:
      return rng.pick(['x', 1, true]);
  }
}

// ---------------------------------------------------------------------------------------------
// Body mutations
// ---------------------------------------------------------------------------------------------

type Path = Array<string | number>;

/** Paths to every value of a (plain JSON) body, at most three levels down. */
function leafPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length >= 3 || value === null || typeof value !== 'object' || value instanceof Raw) return out;
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    leafPaths(v, [...prefix, k], out);
  }
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

function getAt(root: unknown, path: Path): unknown {
  let node = root as Record<string | number, unknown> | undefined;
  for (const k of path) node = node?.[k] as Record<string | number, unknown> | undefined;
  return node;
}

const label = (path: Path): string => path.join('.');

function pickField(
  rng: Rng,
  body: unknown,
  prefer?: (path: Path, value: unknown) => boolean,
): Path | undefined {
  const paths = leafPaths(body);
  if (!paths.length) return undefined;
  const preferred = prefer ? paths.filter((p) => prefer(p, getAt(body, p))) : [];
  return preferred.length && rng.chance(0.7) ? rng.pick(preferred) : rng.pick(paths);
}

function deepValue(rng: Rng): { value: Raw; what: string } {
  const depth = rng.pick([64, 500, 2000, 5000, 12000]);
  const kind = rng.pick(['array', 'object', 'mixed']);
  if (kind === 'array' || depth > 5000)
    return { value: new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`), what: `${depth} nested arrays` };
  if (kind === 'object')
    return {
      value: new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
      what: `${depth} nested objects`,
    };
  return {
    value: new Raw(`${'[{"a":'.repeat(depth / 2)}null${'}]'.repeat(depth / 2)}`),
    what: `${depth} nested arrays/objects`,
  };
}

function protoValue(rng: Rng): { value: Entries; what: string } {
  const key = rng.pick(PROTO_KEYS);
  const inner =
    key === 'constructor'
      ? new Entries([
          [
            'prototype',
            new Entries([
              ['isAdmin', true],
              ['roles', ['admin']],
            ]),
          ],
        ])
      : new Entries([
          ['isAdmin', true],
          ['roles', ['admin']],
          ['toString', 'x'],
        ]);
  return { value: new Entries([[key, inner]]), what: key };
}

/** Body as a JS value (to be written as JSON or a form), or raw JSON text. */
interface BodyDraft {
  value: unknown;
  /** Set when the body is JSON text that no value can express. */
  rawJson?: string;
  /** Raw bytes that replace BYTES_MARK in the serialized body. */
  bytes?: Buffer;
}

function mutateBody(focus: Focus, rng: Rng, draft: BodyDraft, schema: Schema | undefined, m: string[]): void {
  const body = draft.value;
  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
  const optional = isObject ? Object.keys(body).filter((k) => !schema?.required?.includes(k)) : [];
  switch (focus) {
    case 'null': {
      const r = rng.next();
      if (r < 0.45 && isObject) {
        // Every optional field null, plus any the schema lists but the draft left out.
        const keys = new Set([
          ...optional,
          ...Object.keys(schema?.properties ?? {}).filter((k) => !schema?.required?.includes(k)),
        ]);
        for (const k of keys) (body as Record<string, unknown>)[k] = null;
        m.push(`null in every optional field (${[...keys].join(', ') || 'none'})`);
      } else if (r < 0.85 && isObject) {
        const path = pickField(rng, body, (_p, v) => typeof v !== 'string');
        if (path) setAt(body, path, null);
        m.push(`null in ${path ? label(path) : 'nothing'}`);
      } else {
        draft.value = null;
        m.push('body is null');
      }
      return;
    }
    case 'type': {
      const path = isObject ? pickField(rng, body) : undefined;
      if (path && rng.chance(0.8)) {
        const v = rng.pick(WRONG_TYPES);
        setAt(body, path, v);
        m.push(`${label(path)} = ${toJson(v)}`);
      } else if (isObject) {
        for (const k of Object.keys(body)) (body as Record<string, unknown>)[k] = rng.pick(WRONG_TYPES);
        m.push('every field of a wrong type');
      } else {
        draft.value = rng.pick(WRONG_TYPES);
        m.push('body of a wrong type');
      }
      return;
    }
    case 'container': {
      const r = rng.next();
      if (r < 0.3) {
        draft.value = rng.pick([[body], [], [[body]], [body, body]]);
        m.push('body is an array');
      } else if (r < 0.45) {
        draft.value = rng.pick(['a string', 42, true, new Raw('"\\u0000"')]);
        m.push('body is a scalar');
      } else {
        const path = pickField(rng, body);
        if (!path) {
          draft.value = [body];
          m.push('body is an array');
          return;
        }
        const current = getAt(body, path);
        const v = Array.isArray(current)
          ? rng.pick([{ 0: current[0] }, current[0] ?? {}, 'x'])
          : current !== null && typeof current === 'object'
            ? rng.pick([[current], [], 'x'])
            : rng.pick([[current], [current, current], { value: current }, [{ value: current }]]);
        setAt(body, path, v);
        m.push(`${label(path)} = ${toJson(v).slice(0, 60)}`);
      }
      return;
    }
    case 'deep': {
      const { value, what } = deepValue(rng);
      const path = isObject && rng.chance(0.6) ? pickField(rng, body) : undefined;
      if (path) {
        setAt(body, path, value);
        m.push(`${label(path)} = ${what}`);
      } else {
        draft.value = value;
        m.push(`body is ${what}`);
      }
      return;
    }
    case 'huge': {
      const r = rng.next();
      const path = isObject ? pickField(rng, body) : undefined;
      if (r < 0.35 && path) {
        const n = rng.pick([5_000, 30_000, 90_000]);
        setAt(body, path, rng.pick(['x', 'é', '💩']).repeat(n / 4));
        m.push(`${label(path)} is a ${n / 4}-character string`);
      } else if (r < 0.6 && path) {
        const n = rng.pick([1_000, 10_000, 30_000]);
        setAt(body, path, new Array<unknown>(n).fill(rng.pick([0, 'x', null, {}])));
        m.push(`${label(path)} is an array of ${n} items`);
      } else if (r < 0.8) {
        const n = rng.pick([1_000, 5_000]);
        const entries: Array<[string, unknown]> = isObject ? Object.entries(body) : [];
        for (let i = 0; i < n; i++) entries.push([`k${i}`, i]);
        draft.value = new Entries(entries);
        m.push(`${n} extra keys`);
      } else {
        draft.value = isObject ? { ...body, padding: 'x'.repeat(150_000) } : 'x'.repeat(150_000);
        m.push('body over the 100kb limit');
      }
      return;
    }
    case 'unicode': {
      const breaker = rng.pick(UNICODE_BREAKERS);
      const path = isObject
        ? pickField(rng, body, (p, v) => typeof v === 'string' && String(p[p.length - 1]).includes('email'))
        : undefined;
      const r = rng.next();
      if (path && r < 0.6) {
        const current = getAt(body, path);
        const base = typeof current === 'string' ? current : 'x@example.com';
        const v = rng.pick([breaker + base, base.replace('@', `${breaker}@`), base + breaker, breaker]);
        setAt(body, path, v);
        m.push(`${label(path)} = ${JSON.stringify(v)}`);
      } else if (path && r < 0.8) {
        const current = getAt(body, path);
        setAt(body, path, `${typeof current === 'string' ? current : 'x'}${BYTES_MARK}`);
        draft.bytes = rng.pick(INVALID_UTF8);
        m.push(`${label(path)} holds invalid UTF-8 bytes ${draft.bytes.toString('hex')}`);
      } else if (isObject) {
        const key = rng.pick(['\u0000', 'a\u0000', '\ud800', '\udfff']);
        (body as Record<string, unknown>)[key] = breaker;
        m.push(`key ${JSON.stringify(key)} = ${JSON.stringify(breaker)}`);
      } else {
        draft.value = breaker;
        m.push(`body is ${JSON.stringify(breaker)}`);
      }
      return;
    }
    case 'proto': {
      const { value, what } = protoValue(rng);
      const entries: Array<[string, unknown]> = isObject ? Object.entries(body) : [];
      const path = isObject && rng.chance(0.4) ? pickField(rng, body) : undefined;
      if (path) {
        setAt(body, path, value);
        m.push(`${label(path)} = {${what}: …}`);
      } else if (rng.chance(0.3)) {
        entries.push(['constructor.prototype.isAdmin', true], ['__proto__.isAdmin', true]);
        draft.value = new Entries(entries);
        m.push('dotted prototype keys');
      } else {
        draft.value = new Entries([...value.entries, ...entries]);
        m.push(`top-level ${what}`);
      }
      return;
    }
    case 'unknown': {
      if (!isObject) return;
      const n = rng.int(1, 4);
      const picked = rng.shuffle(MASS_ASSIGNMENT).slice(0, n);
      for (const [k, v] of picked) (body as Record<string, unknown>)[k] = v;
      m.push(`extra fields ${picked.map(([k]) => k).join(', ')}`);
      return;
    }
    case 'number': {
      const path = isObject ? pickField(rng, body, (_p, v) => typeof v === 'number') : undefined;
      const v = rng.pick(EDGE_NUMBERS);
      if (path) setAt(body, path, v);
      else draft.value = v;
      m.push(`${path ? label(path) : 'body'} = ${toJson(v)}`);
      return;
    }
    case 'string': {
      const path = isObject ? pickField(rng, body, (_p, v) => typeof v === 'string') : undefined;
      const v = rng.pick(EDGE_STRINGS);
      if (path) setAt(body, path, v);
      else draft.value = v;
      m.push(`${path ? label(path) : 'body'} = ${JSON.stringify(v).slice(0, 40)}`);
      return;
    }
    case 'malformed': {
      const text = toJson(body);
      const variants: Array<[string, string]> = [
        ['truncated', text.slice(0, Math.max(1, Math.floor(text.length / 2)))],
        ['trailing comma', text.replace(/}$/, ',}')],
        ['single quotes', text.replace(/"/g, "'")],
        ['BOM first', `\ufeff${text}`],
        ['garbage after', `${text}garbage`],
        ['two documents', `${text}${text}`],
        ['empty', ''],
        ['whitespace', ' \n\t '],
        ['NaN', 'NaN'],
        ['lone quote', '"'],
        ['comment', `/* x */${text}`],
        ['unquoted keys', text.replace(/"(\w+)":/g, '$1:')],
        ['duplicate keys', text.replace(/^\{/, '{"email":"a@example.com","email":1,')],
        ['escaped NUL key', text.replace(/^\{/, '{"\\u0000":1,')],
        ['bad escape', '{"email":"\\x41"}'],
        ['lone surrogate escape pair', '{"email":"\\udc00\\ud800@example.com"}'],
        ['huge exponent', '{"price":1e99999}'],
      ];
      const [what, raw] = rng.pick(variants);
      draft.rawJson = raw;
      m.push(`malformed JSON: ${what}`);
      return;
    }
    default:
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Serialization: JSON, urlencoded, multipart
// ---------------------------------------------------------------------------------------------

type Representation = 'json' | 'urlencoded' | 'multipart';

/** Flattens a body into form fields (`a[b]` for nested keys, as qs and multer read them). */
function formFields(value: unknown, prefix = '', out: Array<[string, string]> = []): Array<[string, string]> {
  if (value instanceof Raw) out.push([prefix || 'body', value.text]);
  else if (value instanceof Entries)
    for (const [k, v] of value.entries) formFields(v, prefix ? `${prefix}[${k}]` : k, out);
  else if (Array.isArray(value)) value.forEach((v, i) => formFields(v, `${prefix}[${i}]`, out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) formFields(v, prefix ? `${prefix}[${k}]` : k, out);
  else out.push([prefix || 'body', value === null || value === undefined ? '' : String(value)]);
  return out;
}

function serialize(rep: Representation, draft: BodyDraft, rng: Rng): { bytes: Buffer; contentType: string } {
  const withBytes = (text: string): Buffer => {
    if (!text.includes(BYTES_MARK) || !draft.bytes) return Buffer.from(text, 'utf8');
    const parts = text.split(BYTES_MARK);
    const out: Buffer[] = [];
    parts.forEach((p, i) => {
      if (i) out.push(draft.bytes!);
      out.push(Buffer.from(p, 'utf8'));
    });
    return Buffer.concat(out);
  };
  if (rep === 'json' || draft.rawJson !== undefined) {
    return { bytes: withBytes(draft.rawJson ?? toJson(draft.value)), contentType: 'application/json' };
  }
  const fields = formFields(draft.value);
  if (rep === 'urlencoded') {
    const text = fields.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
    return { bytes: withBytes(text), contentType: 'application/x-www-form-urlencoded' };
  }
  const boundary = `----fuzz${rng.string(16)}`;
  const parts = fields.map(
    ([k, v]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/"/g, '%22')}"\r\n\r\n${v}\r\n`,
  );
  if (rng.chance(0.25)) {
    // A file where the API takes none (an avatar, an image, an oversized name).
    const name = rng.pick(['avatar', 'email', 'file', '__proto__']);
    const filename = rng.pick(['a.gif', '../../etc/passwd', 'x'.repeat(300), 'é.png']);
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n` +
        `Content-Type: image/gif\r\n\r\nGIF89a${'\u0000'.repeat(rng.int(0, 64))}\r\n`,
    );
  }
  return {
    bytes: withBytes(`${parts.join('')}--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------

const LATIN1_GARBAGE = 'Ã¿\u00ff\u0080\u00a0 ÿ';

function contentTypeMutation(rng: Rng, bytes: Buffer): { contentType?: string; bytes: Buffer; what: string } {
  const variants: Array<[string | undefined, string]> = [
    ['text/plain', 'text/plain'],
    ['application/xml', 'application/xml'],
    ['', 'empty Content-Type'],
    [undefined, 'no Content-Type'],
    ['application/json; charset=utf-16', 'charset utf-16'],
    ['application/json; charset=utf-32', 'charset utf-32'],
    ['application/json; charset=latin1', 'charset latin1'],
    ['application/json; charset=bogus-9', 'unknown charset'],
    ['application/json; charset=', 'empty charset'],
    ['application/json;;;', 'stray semicolons'],
    ['application/vnd.api+json', 'vendor JSON type'],
    ['application/merge-patch+json', 'merge-patch'],
    ['multipart/form-data', 'multipart without boundary'],
    ['multipart/form-data; boundary=x', 'multipart with a wrong boundary'],
    ['application/x-www-form-urlencoded', 'JSON sent as urlencoded'],
    ['APPLICATION/JSON', 'upper-case type'],
    ['application/json, text/plain', 'two types'],
    [LATIN1_GARBAGE, 'latin-1 garbage'],
    [`application/json; x=${'a'.repeat(4000)}`, 'very long Content-Type'],
    ['*/*', '*/*'],
    ['application/octet-stream', 'octet-stream'],
  ];
  if (rng.chance(0.1)) {
    // The same JSON, really written in UTF-16 (body-parser decodes any utf-* charset).
    const text = bytes.toString('utf8');
    const le = rng.chance(0.5);
    const out = Buffer.from(text, 'utf16le');
    if (!le) out.swap16();
    return {
      contentType: `application/json; charset=${le ? 'utf-16le' : 'utf-16be'}`,
      bytes: out,
      what: `Content-Type: JSON in ${le ? 'UTF-16LE' : 'UTF-16BE'}`,
    };
  }
  const [contentType, what] = rng.pick(variants);
  return { contentType, bytes, what: `Content-Type: ${what}` };
}

function encodingMutation(rng: Rng, bytes: Buffer): { encoding: string; bytes: Buffer; what: string } {
  const garbage = Buffer.from(rng.pick(['x', 'not compressed at all', '\u0000\u0001\u0002']), 'latin1');
  const variants: Array<() => [string, Buffer, string]> = [
    () => ['gzip', gzipSync(bytes), 'valid gzip'],
    () => ['deflate', deflateSync(bytes), 'valid deflate'],
    () => ['br', brotliCompressSync(bytes), 'valid brotli'],
    () => ['gzip', garbage, 'invalid gzip'],
    () => ['deflate', garbage, 'invalid deflate'],
    () => ['br', garbage, 'invalid brotli'],
    () => ['gzip', bytes, 'gzip header on a plain body'],
    () => {
      const gz = gzipSync(bytes);
      return ['gzip', gz.subarray(0, Math.max(1, gz.length - rng.int(1, 8))), 'truncated gzip'];
    },
    () => ['deflate', gzipSync(bytes), 'gzip data labelled deflate'],
    () => ['gzip', gzipSync(Buffer.alloc(3_000_000, 0x20)), 'gzip bomb (3 MB of spaces)'],
    () => ['identity', bytes, 'identity'],
    () => ['x-unknown', bytes, 'unknown encoding'],
    () => ['compress', bytes, 'compress'],
    () => ['zstd', garbage, 'zstd garbage'],
    () => ['gzip, gzip', gzipSync(gzipSync(bytes)), 'two gzip layers'],
    () => ['GZIP', gzipSync(bytes), 'upper-case gzip'],
    () => ['', bytes, 'empty encoding'],
  ];
  const [encoding, out, what] = rng.pick(variants)();
  return { encoding, bytes: out, what: `Content-Encoding: ${what}` };
}

function authHeaders(
  client: ClientKind,
  focus: Focus,
  rng: Rng,
  creds: ClientCredentials,
  ctx: FuzzContext,
  m: string[],
): { headers: Array<[string, string]>; intact: boolean; bodyToken?: string } {
  const h: Array<[string, string]> = [];
  const firstParty = (): void => {
    h.push(['Origin', FIRST_PARTY], ['Referer', `${FIRST_PARTY}/`]);
  };
  const session = (): void => {
    if (creds.cookie) h.push(['Cookie', creds.cookie]);
    if (creds.xsrf) h.push(['X-XSRF-TOKEN', creds.xsrf]);
    firstParty();
  };
  if (client === 'anonymous') {
    const r = rng.next();
    if (focus === 'auth' && r < 0.5) {
      const junk = rng.pick([
        ['Authorization', `Bearer ${rng.string(40)}`],
        ['Authorization', `Bearer 1|${rng.string(48)}`],
        ['Authorization', 'Bearer'],
        ['Cookie', `app_session=${rng.string(40)}`],
        ['Cookie', `app_session=${rng.string(40)}; XSRF-TOKEN=${rng.string(20)}`],
        ['X-XSRF-TOKEN', rng.string(40)],
      ] as Array<[string, string]>);
      h.push(junk);
      if (rng.chance(0.5)) firstParty();
      m.push(`anonymous with junk ${junk[0]}`);
    } else if (r < 0.6 && creds.cookie) {
      session();
      m.push('anonymous CSRF session');
    } else {
      if (rng.chance(0.3)) firstParty();
    }
    return { headers: h, intact: true };
  }

  if (client === 'bearer') {
    const token = creds.bearer ?? '';
    if (focus !== 'auth') {
      h.push(['Authorization', `Bearer ${token}`]);
      return { headers: h, intact: true };
    }
    const [id, secret = ''] = token.split('|');
    const foreign = ctx.foreignTokens.length ? rng.pick(ctx.foreignTokens) : `2|${rng.string(48)}`;
    const variants: Array<[string, Array<[string, string]>]> = [
      ['empty Bearer', [['Authorization', 'Bearer']]],
      ['Bearer and a space', [['Authorization', 'Bearer ']]],
      ['lower-case scheme', [['Authorization', `bearer ${token}`]]],
      ['secret with an extra character', [['Authorization', `Bearer ${token}x`]]],
      ['secret one character short', [['Authorization', `Bearer ${token.slice(0, -1)}`]]],
      ['id only', [['Authorization', `Bearer ${id}|`]]],
      ['secret only', [['Authorization', `Bearer ${secret}`]]],
      ['empty id', [['Authorization', `Bearer |${secret}`]]],
      ['id 0', [['Authorization', `Bearer 0|${secret}`]]],
      ['negative id', [['Authorization', `Bearer -1|${secret}`]]],
      ['fractional id', [['Authorization', `Bearer 1.5|${secret}`]]],
      ['huge id', [['Authorization', `Bearer 99999999999999999999|${secret}`]]],
      ['id past int4', [['Authorization', `Bearer 2147483648|${secret}`]]],
      ["another token's id", [['Authorization', `Bearer ${foreign.split('|')[0]}|${secret}`]]],
      ['two tokens', [['Authorization', `Bearer ${token} ${foreign}`]]],
      ['two pipes', [['Authorization', `Bearer ${id}|${secret}|${secret}`]]],
      ['Basic', [['Authorization', 'Basic dXNlcjpwYXNz']]],
      ['Token scheme', [['Authorization', `Token ${token}`]]],
      ['8 KB token', [['Authorization', `Bearer ${id}|${'a'.repeat(8000)}`]]],
      ['latin-1 garbage', [['Authorization', `Bearer ${id}|${LATIN1_GARBAGE}`]]],
      [
        'two Authorization headers',
        [
          ['Authorization', `Bearer ${token}`],
          ['Authorization', `Bearer ${foreign}`],
        ],
      ],
      [
        'bearer plus a junk session cookie',
        [
          ['Authorization', `Bearer ${token}`],
          ['Cookie', `app_session=${rng.string(40)}`],
        ],
      ],
      ['CRC-valid-looking junk', [['Authorization', `Bearer ${id}|${rng.string(40)}00000000`]]],
    ];
    const [what, headers] = rng.pick(variants);
    h.push(...headers);
    if (rng.chance(0.2)) firstParty();
    m.push(`Authorization: ${what}`);
    return { headers: h, intact: false };
  }

  // session
  if (focus !== 'auth') {
    if (rng.chance(0.1) && creds.xsrf) {
      // The other documented places for the token (X-CSRF-TOKEN, a `_token` body field).
      if (creds.cookie) h.push(['Cookie', creds.cookie]);
      firstParty();
      if (rng.chance(0.5)) {
        h.push(['X-CSRF-TOKEN', creds.xsrf]);
        return { headers: h, intact: true };
      }
      return { headers: h, intact: true, bodyToken: creds.xsrf };
    }
    session();
    return { headers: h, intact: true };
  }
  const cookie = creds.cookie ?? '';
  const sessionValue = /(?:^|; )app_session=([^;]*)/.exec(cookie)?.[1] ?? '';
  const variants: Array<[string, () => void]> = [
    ['no X-XSRF-TOKEN', () => (creds.cookie && h.push(['Cookie', creds.cookie]), firstParty())],
    [
      'wrong X-XSRF-TOKEN',
      () => (
        creds.cookie && h.push(['Cookie', creds.cookie]),
        h.push(['X-XSRF-TOKEN', rng.string(40)]),
        firstParty()
      ),
    ],
    [
      'latin-1 X-XSRF-TOKEN',
      () => (
        creds.cookie && h.push(['Cookie', creds.cookie]),
        h.push(['X-XSRF-TOKEN', LATIN1_GARBAGE]),
        firstParty()
      ),
    ],
    [
      'no Origin or Referer',
      () => {
        if (creds.cookie) h.push(['Cookie', creds.cookie]);
        if (creds.xsrf) h.push(['X-XSRF-TOKEN', creds.xsrf]);
      },
    ],
    [
      'foreign Origin',
      () => {
        if (creds.cookie) h.push(['Cookie', creds.cookie]);
        if (creds.xsrf) h.push(['X-XSRF-TOKEN', creds.xsrf]);
        h.push(['Origin', 'http://evil.example'], ['Referer', 'http://evil.example/']);
      },
    ],
    [
      'Origin null',
      () => {
        if (creds.cookie) h.push(['Cookie', creds.cookie]);
        if (creds.xsrf) h.push(['X-XSRF-TOKEN', creds.xsrf]);
        h.push(['Origin', 'null']);
      },
    ],
    [
      'malformed Referer',
      () => {
        if (creds.cookie) h.push(['Cookie', creds.cookie]);
        if (creds.xsrf) h.push(['X-XSRF-TOKEN', creds.xsrf]);
        h.push([
          'Referer',
          rng.pick([
            'http://',
            'localhost:3000',
            '::::',
            'http://localhost:3000@evil.example/',
            `http://[${LATIN1_GARBAGE}]/`,
          ]),
        ]);
      },
    ],
    [
      'junk session cookie',
      () => {
        h.push([
          'Cookie',
          `app_session=${rng.string(40)}; XSRF-TOKEN=${encodeURIComponent(creds.xsrf ?? '')}`,
        ]);
        if (creds.xsrf) h.push(['X-XSRF-TOKEN', creds.xsrf]);
        firstParty();
      },
    ],
    [
      'truncated session cookie',
      () => {
        h.push([
          'Cookie',
          cookie.replace(sessionValue, sessionValue.slice(0, Math.floor(sessionValue.length / 2))),
        ]);
        if (creds.xsrf) h.push(['X-XSRF-TOKEN', creds.xsrf]);
        firstParty();
      },
    ],
    [
      'two session cookies, junk first',
      () => {
        h.push(['Cookie', `app_session=${rng.string(40)}; ${cookie}`]);
        if (creds.xsrf) h.push(['X-XSRF-TOKEN', creds.xsrf]);
        firstParty();
      },
    ],
    [
      'malformed Cookie header',
      () => {
        h.push([
          'Cookie',
          rng.pick([
            ';;;==;',
            'app_session',
            'app_session=%E0%A4%A',
            `app_session="${sessionValue}`,
            `=${sessionValue}`,
            LATIN1_GARBAGE,
          ]),
        ]);
        if (creds.xsrf) h.push(['X-XSRF-TOKEN', creds.xsrf]);
        firstParty();
      },
    ],
    [
      '8 KB cookie',
      () => {
        h.push(['Cookie', `${cookie}; junk=${'a'.repeat(8000)}`]);
        if (creds.xsrf) h.push(['X-XSRF-TOKEN', creds.xsrf]);
        firstParty();
      },
    ],
    [
      'session plus a junk bearer token',
      () => {
        session();
        h.push(['Authorization', `Bearer 1|${rng.string(48)}`]);
      },
    ],
  ];
  const [what, apply] = rng.pick(variants);
  apply();
  m.push(`session: ${what}`);
  return { headers: h, intact: false };
}

function miscHeaders(rng: Rng, m: string[]): Array<[string, string]> {
  const variants: Array<[string, Array<[string, string]>]> = [
    ['Accept: text/html', [['Accept', 'text/html']]],
    ['Accept: application/xml', [['Accept', 'application/xml']]],
    ['Accept: */*', [['Accept', '*/*']]],
    ['long X-Request-Id', [['X-Request-Id', 'r'.repeat(5000)]]],
    ['latin-1 X-Request-Id', [['X-Request-Id', LATIN1_GARBAGE]]],
    ['empty X-Request-Id', [['X-Request-Id', '']]],
    ['junk X-Forwarded-For', [['X-Forwarded-For', `${LATIN1_GARBAGE}, 999.1.1.1, ::::`]]],
    [
      'X-Forwarded-Host',
      [
        ['X-Forwarded-Host', 'evil.example'],
        ['X-Forwarded-Proto', 'gopher'],
      ],
    ],
    ['method override', [['X-HTTP-Method-Override', 'DELETE']]],
    ['X-Requested-With', [['X-Requested-With', 'XMLHttpRequest']]],
    ['Range', [['Range', 'bytes=0-0,-1']]],
    ['If-None-Match', [['If-None-Match', '*']]],
    ['Expect', [['Expect', '100-continue']]],
    ['many headers', Array.from({ length: 80 }, (_, i) => [`X-Fuzz-${i}`, 'v'] as [string, string])],
  ];
  const [what, headers] = rng.pick(variants);
  m.push(what);
  return headers;
}

// ---------------------------------------------------------------------------------------------
// Path and query
// ---------------------------------------------------------------------------------------------

function pathValue(rng: Rng, ctx: FuzzContext, op: Operation, p: Parameter, hostile: boolean): string {
  const values = known(ctx, op, p.name);
  if (!hostile && values?.length) return encodeURIComponent(rng.pick(values));
  if (!hostile && p.schema.enum?.length) return encodeURIComponent(String(rng.pick(p.schema.enum)));
  if (!hostile) return String(rng.int(1, 5));
  return rng.chance(0.1) ? 'a'.repeat(rng.pick([300, 3000])) : rng.pick(HOSTILE_PATH_VALUES);
}

function queryValue(rng: Rng, p: Parameter): string {
  if (p.schema.enum?.length) return encodeURIComponent(String(rng.pick(p.schema.enum)));
  if (p.name === 'page') return String(rng.int(1, 3));
  if (p.name === 'per_page') return String(rng.int(1, 50));
  if (p.name === 'app_link') return encodeURIComponent(`${FIRST_PARTY}/done`);
  if (p.name === 'q') return rng.pick(['fuzz', 'Casey', 'a']);
  return rng.string(5);
}

function hostileQuery(rng: Rng, op: Operation, m: string[]): string[] {
  const r = rng.next();
  if (op.queryParams.length && r < 0.55) {
    const p = rng.pick(op.queryParams);
    const v = rng.pick(HOSTILE_QUERY_VALUES);
    const form = rng.pick(['plain', 'repeated', 'brackets', 'key only']);
    m.push(`query ${p.name} ${form} ${v.slice(0, 20)}`);
    if (form === 'repeated') return [`${p.name}=${v}`, `${p.name}=${v}`];
    if (form === 'brackets') return [`${p.name}[]=${v}`, `${p.name}[a]=${v}`];
    if (form === 'key only') return [p.name];
    return [`${p.name}=${v}`];
  }
  const variants: Array<[string, () => string[]]> = [
    ['__proto__ keys', () => ['__proto__[isAdmin]=1', '__proto__=x', 'constructor[prototype][isAdmin]=1']],
    ['dotted proto keys', () => ['constructor.prototype.isAdmin=1', '__proto__.isAdmin=1']],
    ['deep bracket key', () => [`a${'[a]'.repeat(rng.pick([50, 500, 2000]))}=1`]],
    ['1000 parameters', () => Array.from({ length: 1000 }, (_, i) => `k${i}=${i}`)],
    ['8 KB value', () => [`q=${'x'.repeat(8000)}`]],
    ['bad percent-encoding', () => ['%ZZ=1', 'a=%', '%E0%A4%A=%ED%A0%80']],
    ['empty pieces', () => ['', '', '=', '&=&']],
    ['NUL', () => ['q=%00', '%00=1']],
  ];
  const [what, make] = rng.pick(variants);
  m.push(`query: ${what}`);
  return make();
}

// ---------------------------------------------------------------------------------------------
// One request
// ---------------------------------------------------------------------------------------------

/** Routes whose body carries a `_token` the CSRF guard reads. */
function pickRepresentation(op: Operation, rng: Rng): Representation {
  if (op.bodyTypes.includes('multipart/form-data') && rng.chance(0.2)) return 'multipart';
  if (rng.chance(op.bodyTypes.includes('application/x-www-form-urlencoded') ? 0.2 : 0.05))
    return 'urlencoded';
  return 'json';
}

/**
 * Request `index` of the run with `seed`: operation `op`, as `client`, changing `focus`.
 * Only the credentials and known ids (which the server hands out) vary between two runs of one seed.
 */
export function generateRequest(
  seed: number,
  index: number,
  op: Operation,
  client: ClientKind,
  focus: Focus,
  ctx: FuzzContext,
  creds: ClientCredentials,
): FuzzRequest {
  const rng = Rng.forRequest(seed, index);
  const m: string[] = [];
  const hasBody = op.bodyTypes.length > 0;

  // Path
  const hostilePath =
    focus === 'path' || (!hasBody && (focus === 'type' || focus === 'unicode') && op.pathParams.length > 0);
  let path = op.path;
  const hostileParam = hostilePath && op.pathParams.length ? rng.pick(op.pathParams) : undefined;
  for (const p of op.pathParams) {
    const hostile = p === hostileParam;
    let v = pathValue(rng, ctx, op, p, hostile && focus !== 'unicode');
    if (hostile && focus === 'unicode')
      v = rng.pick(['%ED%A0%80', '%00', '%C0%80', '%FF', 'a%00b', '%EF%BF%BF']);
    if (hostile) m.push(`path ${p.name} = ${v.slice(0, 40)}`);
    // a known id is sometimes one that does not exist
    if (!hostile && focus !== 'baseline' && rng.chance(0.1)) v = String(rng.pick([999999, 0]));
    path = path.replace(`{${p.name}}`, v);
  }
  if (focus === 'path' && (!op.pathParams.length || rng.chance(0.25))) {
    const shape = rng.pick([
      'trailing slash',
      'double slash',
      'upper case',
      'dot segment',
      'matrix parameter',
    ]);
    if (shape === 'trailing slash') path = `${path}/`;
    else if (shape === 'double slash') path = path.replace(/^\//, '//');
    else if (shape === 'upper case') path = path.toUpperCase();
    else if (shape === 'dot segment') path = `${path}/./`;
    else path = `${path};jsessionid=${rng.string(8)}`;
    m.push(`path: ${shape}`);
  }

  // Query
  const query: string[] = [];
  for (const p of op.queryParams)
    if (p.required || rng.chance(0.5)) query.push(`${p.name}=${queryValue(rng, p)}`);
  const bodylessFocus = !hasBody && ['null', 'deep', 'proto', 'huge'].includes(focus);
  if (
    focus === 'query' ||
    (bodylessFocus && focus !== 'huge' && rng.chance(0.6)) ||
    (!hasBody && focus === 'unicode' && !op.pathParams.length)
  ) {
    if (focus === 'null' && op.queryParams.length) {
      const p = rng.pick(op.queryParams);
      query.push(`${p.name}=${rng.pick(['', 'null'])}`);
      m.push(`query ${p.name} empty or "null"`);
    } else if (focus === 'unicode') {
      query.push(`q=${rng.pick(['%ED%A0%80', '%00', '%C0%80', '%FF'])}`);
      m.push('query with bad unicode');
    } else query.push(...hostileQuery(rng, op, m));
  }

  // Method
  let method = op.method;
  const extra: Array<[string, string]> = [];
  if (focus === 'method') {
    const r = rng.next();
    if (r < 0.4 && op.method === 'GET') method = 'HEAD';
    else if (r < 0.75) {
      method = 'OPTIONS';
      extra.push(
        ['Access-Control-Request-Method', op.method],
        ['Access-Control-Request-Headers', 'content-type,x-xsrf-token,authorization'],
      );
      extra.push(['Origin', rng.pick([FIRST_PARTY, 'http://evil.example', 'null'])]);
    } else method = rng.pick(['PATCH', 'PUT', 'DELETE', 'POST', 'GET'].filter((x) => x !== op.method));
    m.push(`method ${method}`);
  }

  // Authentication
  const auth = authHeaders(client, focus, rng, creds, ctx, m);

  // Body
  let body: Buffer | undefined;
  let contentType: string | undefined;
  let encoding: string | undefined;
  const bodyFocus = [
    'null',
    'type',
    'container',
    'deep',
    'huge',
    'unicode',
    'proto',
    'unknown',
    'number',
    'string',
    'malformed',
  ].includes(focus);
  const sendBody =
    hasBody ||
    (focus === 'encoding' || focus === 'content-type'
      ? rng.chance(0.6)
      : bodyFocus && !op.pathParams.length && !op.queryParams.length
        ? rng.chance(0.5)
        : rng.chance(0.03));
  if (sendBody && method !== 'HEAD') {
    const schema = op.bodySchema;
    const draft: BodyDraft = {
      value: schema ? fromSchema(schema, rng, ctx, op, 0) : rng.chance(0.5) ? {} : { x: 1 },
    };
    if (auth.bodyToken && draft.value && typeof draft.value === 'object')
      (draft.value as Record<string, unknown>)._token = auth.bodyToken;
    if (bodyFocus) mutateBody(focus, rng, draft, schema, m);
    if (!hasBody) m.push('a body on an operation that takes none');
    let rep: Representation = pickRepresentation(op, rng);
    if (focus === 'content-type' && rng.chance(0.4)) rep = rng.pick(['urlencoded', 'multipart'] as const);
    const s = serialize(rep, draft, rng);
    body = s.bytes;
    contentType = s.contentType;
    if (rep !== 'json') m.push(`sent as ${rep}`);
    if (focus === 'content-type' && rng.chance(0.7)) {
      const c = contentTypeMutation(rng, body);
      contentType = c.contentType;
      body = c.bytes;
      m.push(c.what);
    }
    if (focus === 'encoding') {
      const e = encodingMutation(rng, body);
      encoding = e.encoding;
      body = e.bytes;
      m.push(e.what);
    }
  } else if (focus === 'encoding' || focus === 'content-type') {
    // No body at all, yet the headers of one.
    if (rng.chance(0.5)) contentType = 'application/json';
    else encoding = 'gzip';
    m.push('body headers without a body');
  }

  const headers: Array<[string, string]> = [];
  if (focus !== 'headers' || rng.chance(0.5)) headers.push(['Accept', 'application/json']);
  headers.push(...auth.headers, ...extra);
  if (contentType !== undefined) headers.push(['Content-Type', contentType]);
  if (encoding !== undefined) headers.push(['Content-Encoding', encoding]);
  if (focus === 'headers') headers.push(...miscHeaders(rng, m));
  const chunked = body !== undefined && rng.chance(0.05);
  if (chunked) m.push('chunked');
  if (!m.length) m.push(focus === 'baseline' ? 'baseline' : `${focus} (nothing to change)`);

  return {
    index,
    op,
    client,
    focus,
    method,
    path: query.length ? `${path}?${query.join('&')}` : path,
    headers,
    body,
    chunked,
    mutations: m,
    authIntact: auth.intact,
  };
}
