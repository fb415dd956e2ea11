import {
  BadRequestException,
  ValidationPipe as NestValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import {
  getMetadataStorage,
  ValidationError as ClassValidationError,
  ValidationTypes,
  type ValidationArguments,
  type ValidatorOptions,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { ValidationFailedException, type FieldErrors } from '../errors/app-exceptions';
import { BODY_TOO_DEEP, exceedsDepth } from './body-depth';
import { attribute } from './messages';

function collect(errors: ValidationError[], prefix: string, out: FieldErrors): FieldErrors {
  for (const e of errors) {
    const key = prefix ? `${prefix}.${e.property}` : e.property;
    const messages = Object.values(e.constraints ?? {});
    if (messages.length) out[key] = messages;
    if (e.children?.length) collect(e.children, key, out);
  }
  return out;
}

const IS_OPTIONAL = 'isOptional';

const newError = (
  property: string,
  value: unknown,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
) => Object.assign(new ClassValidationError(), { property, value, constraints, children });

/**
 * The rules of `property` that an explicit `null` fails (none: undefined), in the order they were
 * declared; with `stopAtFirstError`, only the first, as class-validator reports.
 */
async function rulesFailedByNull(
  object: object,
  property: string,
  metadatas: ValidationMetadata[],
  stopAtFirstError: boolean,
): Promise<Record<string, string> | undefined> {
  const storage = getMetadataStorage();
  const failed: Record<string, string> = {};
  for (const m of metadatas) {
    if (m.type !== ValidationTypes.CUSTOM_VALIDATION) continue;
    const args: ValidationArguments = {
      targetName: object.constructor.name,
      property,
      object,
      value: null,
      constraints: m.constraints,
    };
    for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
      if (await c.instance.validate(null, args)) continue;
      const own = typeof m.message === 'function' ? m.message(args) : m.message;
      const message =
        own || c.instance.defaultMessage?.(args) || `The ${attribute(property)} field is invalid.`;
      failed[m.name ?? c.name] = message.replace(/\$property/g, property);
      if (stopAtFirstError) return failed;
    }
  }
  return Object.keys(failed).length ? failed : undefined;
}

/**
 * class-validator's IsOptional() lets `null` through as well as a missing field. Services leave a
 * missing field alone, but take a null for a value — `null.toFixed()`, a NOT NULL column — and
 * answered 500 (`PUT /tracks/1 {"price": null}`). Here an explicit null on an optional field is held to
 * the field's own rules instead, as Laravel's `sometimes` does: `{"price": null}` fails "The price field
 * must be a number.", `{"status": null}` "The selected status is invalid.". A field that takes null
 * says so by mapping it away before validation (OptionalString's Transform: '' and null count as
 * absent) or by having no rule that null fails. Nested objects (ValidateNested) are walked too.
 */
async function explicitNullErrors(
  object: object,
  stopAtFirstError: boolean,
  seen: WeakSet<object>,
): Promise<ValidationError[]> {
  if (seen.has(object)) return [];
  seen.add(object);
  const target = object.constructor;
  if (typeof target !== 'function' || target === Object) return [];
  const storage = getMetadataStorage();
  const grouped = storage.groupByPropertyName(storage.getTargetValidationMetadatas(target, '', false, false));
  const errors: ValidationError[] = [];
  for (const [property, metadatas] of Object.entries(grouped)) {
    const value = (object as Record<string, unknown>)[property];
    const conditions = metadatas.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION);
    if (value === null) {
      if (!conditions.some((m) => m.name === IS_OPTIONAL)) continue;
      // Any other condition (ValidateIf) still decides whether the field is validated at all.
      const others = conditions.filter((m) => m.name !== IS_OPTIONAL);
      if (!others.every((m) => (m.constraints[0] as (o: object, v: unknown) => boolean)(object, value)))
        continue;
      const constraints = await rulesFailedByNull(object, property, metadatas, stopAtFirstError);
      if (constraints) errors.push(newError(property, value, constraints));
    } else if (
      value !== null &&
      typeof value === 'object' &&
      metadatas.some((m) => m.type === ValidationTypes.NESTED_VALIDATION)
    ) {
      const children: ValidationError[] = [];
      if (Array.isArray(value)) {
        for (const [i, item] of value.entries()) {
          if (item === null || typeof item !== 'object') continue;
          const nested = await explicitNullErrors(item, stopAtFirstError, seen);
          if (nested.length) children.push(newError(String(i), item, undefined, nested));
        }
      } else children.push(...(await explicitNullErrors(value, stopAtFirstError, seen)));
      if (children.length) errors.push(newError(property, value, undefined, children));
    }
  }
  return errors;
}

/** Adds `extra` to `errors`, joining the children of errors on the same property. */
function merge(errors: ValidationError[], extra: ValidationError[]): ValidationError[] {
  for (const e of extra) {
    const same = errors.find((x) => x.property === e.property);
    if (!same) errors.push(e);
    else if (!same.constraints) same.children = merge(same.children ?? [], e.children ?? []);
  }
  return errors;
}

/**
 * Whitelisting DTO validation that answers Laravel-style 422s (first message + every field), refuses
 * bodies nested too deeply to transform (400) and holds an explicit null to the field's rules.
 * (Named as Nest's own, which it extends: audits of the app's singletons look for a ValidationPipe.)
 */
export class ValidationPipe extends NestValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // class-transformer recurses once per level: refuse what it cannot walk, without recursing here.
    if (metadata.type !== 'custom' && exceedsDepth(value)) throw new BadRequestException(BODY_TOO_DEEP);
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = (await super.validate(object, options)) as ValidationError[];
    const nulls = await explicitNullErrors(object, !!options?.stopAtFirstError, new WeakSet());
    return nulls.length ? merge([...errors], nulls) : errors;
  }
}

export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    transform: true,
    stopAtFirstError: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => new ValidationFailedException(collect(errors, '', {})),
  });
