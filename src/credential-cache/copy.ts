/**
 * A copy of a cached entity for one request: handlers may assign to what they get (a password
 * confirmation, a profile change), and that must neither reach the cache nor other requests.
 * Arrays, plain objects and dates one level down are copied too; nested entities go through `copy`.
 */
export function copyEntity<T extends object>(source: T): T {
  const target = Object.create(Object.getPrototypeOf(source) as object) as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) target[key] = copyValue(value);
  return target as T;
}

function copyValue(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (value && typeof value === 'object') {
    return Object.getPrototypeOf(value) === Object.prototype ? { ...value } : copyEntity(value);
  }
  return value;
}
