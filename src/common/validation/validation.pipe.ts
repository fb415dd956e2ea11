import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationFailedException, type FieldErrors } from '../errors/app-exceptions';

function collect(errors: ValidationError[], prefix: string, out: FieldErrors): FieldErrors {
  for (const e of errors) {
    const key = prefix ? `${prefix}.${e.property}` : e.property;
    const messages = Object.values(e.constraints ?? {});
    if (messages.length) out[key] = messages;
    if (e.children?.length) collect(e.children, key, out);
  }
  return out;
}

/** Whitelisting DTO validation that answers Laravel-style 422s (first message + every field). */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    transform: true,
    stopAtFirstError: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => new ValidationFailedException(collect(errors, '', {})),
  });
