import type { ValidationArguments } from 'class-validator';

/** Laravel's attribute naming: `first_name` → `first name`, `accounts.0.email` → `accounts.0.email`. */
export const attribute = (property: string): string => property.replace(/_/g, ' ');

type Msg = (args: ValidationArguments) => string;
const f =
  (text: (attr: string) => string): Msg =>
  (args) =>
    text(attribute(args.property));

/** Validation messages in Laravel's wording, so clients written against Laravel read them unchanged. */
export const M = {
  required: f((a) => `The ${a} field is required.`),
  string: f((a) => `The ${a} field must be a string.`),
  email: f((a) => `The ${a} field must be a valid email address.`),
  boolean: f((a) => `The ${a} field must be true or false.`),
  integer: f((a) => `The ${a} field must be an integer.`),
  numeric: f((a) => `The ${a} field must be a number.`),
  array: f((a) => `The ${a} field must be an array.`),
  object: f((a) => `The ${a} field must be an object.`),
  date: f((a) => `The ${a} field must match the format Y-m-d.`),
  url: f((a) => `The ${a} field must be a valid URL.`),
  in: f((a) => `The selected ${a} is invalid.`),
  exists: f((a) => `The selected ${a} is invalid.`),
  confirmed: f((a) => `The ${a} field confirmation does not match.`),
  min: (n: number) => f((a) => `The ${a} field must be at least ${n} characters.`),
  max: (n: number) => f((a) => `The ${a} field must not be greater than ${n} characters.`),
  between: (lo: number, hi: number) => f((a) => `The ${a} field must be between ${lo} and ${hi}.`),
  arrayBetween: (lo: number, hi: number) =>
    f((a) => `The ${a} field must have between ${lo} and ${hi} items.`),
};
