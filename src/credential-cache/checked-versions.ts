/**
 * The versions a cached credential was just checked against, carried on the request's own copy of
 * its user: what is derived from that user in the same request (the user resource) reuses the check
 * instead of asking Redis again. Not enumerable, so it never reaches a response.
 */
import type { Check } from './credential-cache';

const CHECKED = Symbol('credential-cache.checked');

export function markChecked(target: object, check: Check | null): void {
  if (check) Object.defineProperty(target, CHECKED, { value: check, enumerable: false, configurable: true });
}

export function checkedOf(target: object): Check | undefined {
  return (target as { [CHECKED]?: Check })[CHECKED];
}
