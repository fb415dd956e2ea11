/**
 * Fangate's settings. Read from the environment as the core reads its own (main.ts loads `.env` into
 * it first), but only when Fangate is composed in: the core knows nothing of currencies.
 */
export class FangateConfig {
  /** DEFAULT_CURRENCY: guaranteed at boot; registrations that cannot derive a currency get it. */
  defaultCurrency: string;

  static fromEnv(env: NodeJS.ProcessEnv): FangateConfig {
    const code = env.DEFAULT_CURRENCY ?? 'USD';
    if (!/^[A-Z]{3}$/.test(code)) {
      throw new Error('Invalid configuration:\n  - DEFAULT_CURRENCY must be a 3-letter ISO code');
    }
    return Object.assign(new FangateConfig(), { defaultCurrency: code });
  }
}
