// The soak's app: its settings (bench/lib/app-process.ts starts it with them, its output written to a
// file that is printed by path on failure) and what is looked for in that file afterwards.

/** Settings of the soak's app: all virtual users share 127.0.0.1, and bcrypt must not be the bottleneck. */
export const SOAK_ENV = {
  BCRYPT_ROUNDS: '4',
  APP_ENV: 'development',
  IP_RATE_LIMIT: '1000000',
  NO_COLOR: '1',
} as const;

/** Log lines at Nest's ERROR or WARN level (or an uncaught error's first line). */
export function logProblems(log: string): string[] {
  return log
    .split('\n')
    .filter((l) => /^\[Nest\].*\s(ERROR|WARN)\s/.test(l) || /^(Unhandled|Uncaught|\w*Error:)/.test(l));
}
