import { isEmail, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { dictionary } from '@zxcvbn-ts/language-common';

// The lists are JSON files; require() loads them the same way under the CommonJS build and jest's ESM
// mode (where `require` is absent and one is created from the working directory).
const load: NodeJS.Require =
  typeof require === 'function' ? require : createRequire(join(process.cwd(), 'index.js'));
const DISPOSABLE = new Set<string>(load('disposable-email-domains') as string[]);
const DISPOSABLE_WILDCARD = new Set<string>(load('disposable-email-domains/wildcard.json') as string[]);
const COMMON_PASSWORDS = new Set<string>((dictionary as Record<string, string[]>)['passwords-common']);

/** The domain, or any parent domain, is on the maintained disposable-mail lists. */
export function isDisposableEmail(email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    if (DISPOSABLE.has(candidate) || DISPOSABLE_WILDCARD.has(candidate)) return true;
  }
  return false;
}

export const isCommonPassword = (password: string): boolean => COMMON_PASSWORDS.has(password.toLowerCase());

function rule(
  name: string,
  test: (value: unknown) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return (object, propertyName) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: test },
    });
}

/** A UTF-16 surrogate without its pair: not text, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every surrogate in `s` is half of a pair (String.prototype.isWellFormed). */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/**
 * class-validator's IsEmail, safe on any string: validator.js measures the address with encodeURI,
 * which throws URIError on a lone surrogate (`"\ud800@example.com"` was a 500); such a string is
 * simply not an email address.
 */
export const IsEmailAddress = (options?: ValidationOptions) =>
  rule('isEmail', (v) => typeof v === 'string' && isWellFormed(v) && isEmail(v), options);

/** Decimal places of a number as JavaScript writes it, exponent included (`1e-7` has 7, `1.5e-7` 8). */
export function decimalPlaces(n: number): number {
  const [mantissa, exponent = '0'] = String(n).toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/**
 * A finite JSON number with at most `maxDecimalPlaces` decimals. class-validator's
 * IsNumber({ maxDecimalPlaces }) reads the decimals off `toString()` and throws a TypeError on
 * exponent notation (`{"price": 1e-7}` was a 500).
 */
export const IsFiniteNumber = (maxDecimalPlaces: number, options?: ValidationOptions) =>
  rule(
    'isNumber',
    (v) => typeof v === 'number' && Number.isFinite(v) && decimalPlaces(v) <= maxDecimalPlaces,
    options,
  );

export const NotDisposableEmail = (options?: ValidationOptions) =>
  rule('notDisposableEmail', (v) => typeof v !== 'string' || !isDisposableEmail(v), options);

export const NotCommonPassword = (options?: ValidationOptions) =>
  rule('notCommonPassword', (v) => typeof v !== 'string' || !isCommonPassword(v), options);

/** bcrypt reads only the first 72 bytes; longer passwords would be silently truncated. */
export const MaxBytes = (max: number, options?: ValidationOptions) =>
  rule('maxBytes', (v) => typeof v !== 'string' || Buffer.byteLength(v, 'utf8') <= max, options);

/** A real calendar date written YYYY-MM-DD. */
export const IsCalendarDate = (options?: ValidationOptions) =>
  rule('isCalendarDate', (v) => typeof v === 'string' && isCalendarDate(v), options);

export function isCalendarDate(v: string): boolean {
  // Year 0 exists for JavaScript's Date but not for PostgreSQL's date type.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || v.startsWith('0000')) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Matches another field of the same object (Laravel's `confirmed`). */
export const MatchesField =
  (other: string, options?: ValidationOptions): PropertyDecorator =>
  (object, propertyName) =>
    registerDecorator({
      name: 'matchesField',
      target: object.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (v, args) => v === (args?.object as Record<string, unknown>)[other] },
    });

/**
 * A field the client may leave out. Unlike class-validator's IsOptional(), an explicit `null` is
 * not skipped: it is held to the field's rules (`{"price": null}` → "The price field must be a
 * number."), as Laravel's `sometimes` does, instead of reaching a service that takes it for a value.
 * A field that accepts null says so by mapping it away first (OptionalString turns '' and null into
 * "absent").
 */
export const Optional = (options?: ValidationOptions) =>
  ValidateIf((_object: object, value: unknown) => value !== undefined, options);
