import type { Request, Response } from 'express';
import passport, { type Strategy } from 'passport';

export type StrategyOutcome<T> =
  | { kind: 'redirected' }
  | { kind: 'success'; user: T }
  | { kind: 'fail'; message?: string }
  | { kind: 'error'; error: unknown };

/**
 * Runs one Passport strategy *instance* (not a name in passport's process-wide registry, so two
 * app instances in one process never use each other's strategies) with the custom-callback form.
 * A redirect (OAuth) ends the response inside passport, so "finished" is how it is noticed.
 */
export function runStrategy<T>(strategy: Strategy, req: Request, res: Response): Promise<StrategyOutcome<T>> {
  return new Promise((resolve) => {
    const onFinish = () => resolve({ kind: 'redirected' });
    res.once('finish', onFinish);
    const done = (outcome: StrategyOutcome<T>) => {
      res.off('finish', onFinish);
      resolve(outcome);
    };
    const callback = (err: unknown, user: T | false, info?: { message?: string }) => {
      if (err) return done({ kind: 'error', error: err });
      if (!user) return done({ kind: 'fail', message: info?.message });
      done({ kind: 'success', user });
    };
    passport.authenticate(strategy, { session: false }, callback)(req, res, (err?: unknown) =>
      done({ kind: 'error', error: err }),
    );
  });
}

/** For strategies built with @nestjs/passport: keep them out of passport's global registry. */
export const privatePassport = () => new passport.Authenticator();
