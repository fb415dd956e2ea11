import { Max, Min } from 'class-validator';
import { Rules } from '../validation/fields';
import { M } from '../validation/messages';
import { IsFiniteNumber, Optional } from '../validation/rules';

/** A numeric column (decimal string) as a JSON number: `"9.90"` → `9.9`. */
export const money = (value: string | number | null | undefined): number => Number(value ?? 0);

/** Cents, so sums across rows never pick up float error. */
export const toCents = (value: string | number | null | undefined): number => Math.round(money(value) * 100);
export const fromCents = (cents: number): number => cents / 100;

/** A JSON number with at most two decimals between 0 and `max` (prices, budgets). */
const amountRules = (max: number) => [
  IsFiniteNumber(2, { message: M.numeric }),
  Min(0, { message: M.between(0, max) }),
  Max(max, { message: M.between(0, max) }),
];

export const OptionalAmount = (max = 99_999.99) => Rules(Optional(), ...amountRules(max));
