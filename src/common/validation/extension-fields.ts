import type { Type } from '@nestjs/common';
import { ValidationFailedException, type FieldErrors } from '../errors/app-exceptions';
import { createValidationPipe } from './validation.pipe';

/** The pipe the app applies to every DTO, with the same options (stateless, so one is shared). */
const pipe = createValidationPipe();

/**
 * Validates the request body against each extension's fields class exactly as a route's DTO is
 * validated (whitelisting, transforms, Laravel messages, the first failing rule per field). A route's
 * DTO whitelists extension fields away, so extensions read theirs from the body.
 * Returns one validated instance per class, in order (`{}` where there is none); throws one 422
 * naming every failing field.
 */
export async function validateExtensionFields(
  types: readonly (Type<object> | undefined)[],
  body: unknown,
): Promise<object[]> {
  const errors: FieldErrors = {};
  const values: object[] = [];
  for (const metatype of types) {
    if (!metatype) {
      values.push({});
      continue;
    }
    try {
      values.push((await pipe.transform(body ?? {}, { type: 'body', metatype })) as object);
    } catch (err) {
      if (!(err instanceof ValidationFailedException)) throw err;
      Object.assign(errors, err.errors);
      values.push({});
    }
  }
  if (Object.keys(errors).length) throw new ValidationFailedException(errors);
  return values;
}

/** Adds a message to a field (a field may collect several, reported in order). */
export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}
