import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { M } from './messages';
import { Optional } from './rules';

/**
 * class-validator runs a property's rules in registration order, and stacked decorators register
 * bottom-up (surprising when reading); these helpers register in reading order so the first failing
 * rule is the basic one ("required" before "string" before length), the one stopAtFirstError reports.
 */
export const Rules = (...rules: PropertyDecorator[]) => applyDecorators(...rules);

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyToUndefined = ({ value }: { value: unknown }) =>
  value === '' || value === null ? undefined : value;

export const Required = () => Rules(IsDefined({ message: M.required }), IsNotEmpty({ message: M.required }));

export interface StringRules {
  min?: number;
  max: number;
  trim?: boolean;
}

export const RequiredString = (o: StringRules, ...more: PropertyDecorator[]) =>
  Rules(
    ...(o.trim ? [Transform(trim)] : []),
    Required(),
    IsString({ message: M.string }),
    ...(o.min ? [MinLength(o.min, { message: M.min(o.min) })] : []),
    MaxLength(o.max, { message: M.max(o.max) }),
    ...more,
  );

/** Optional; '' and null (as form posts send them) count as absent. */
export const OptionalString = (o: StringRules, ...more: PropertyDecorator[]) =>
  Rules(
    Transform(o.trim ? (a) => emptyToUndefined({ value: trim(a) }) : emptyToUndefined),
    Optional(),
    IsString({ message: M.string }),
    ...(o.min ? [MinLength(o.min, { message: M.min(o.min) })] : []),
    MaxLength(o.max, { message: M.max(o.max) }),
    ...more,
  );
