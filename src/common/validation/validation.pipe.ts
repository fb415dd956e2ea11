import {
  BadRequestException,
  ValidationPipe as NestValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import { ValidationFailedException, type FieldErrors } from '../errors/app-exceptions';
import { BODY_TOO_DEEP, exceedsDepth } from './body-depth';

function collect(errors: ValidationError[], prefix: string, out: FieldErrors): FieldErrors {
  for (const e of errors) {
    const key = prefix ? `${prefix}.${e.property}` : e.property;
    const messages = Object.values(e.constraints ?? {});
    if (messages.length) out[key] = messages;
    if (e.children?.length) collect(e.children, key, out);
  }
  return out;
}

/**
 * Whitelisting DTO validation that answers Laravel-style 422s (first message + every field) and
 * refuses bodies nested too deeply to transform (400). Explicit nulls meet the field's rules
 * through `Optional()` (common/validation/rules.ts).
 * (Named as Nest's own, which it extends: audits of the app's singletons look for a ValidationPipe.)
 */
export class ValidationPipe extends NestValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // class-transformer recurses once per level: refuse what it cannot walk, without recursing here.
    if (metadata.type !== 'custom' && exceedsDepth(value)) throw new BadRequestException(BODY_TOO_DEEP);
    return super.transform(value, metadata);
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
