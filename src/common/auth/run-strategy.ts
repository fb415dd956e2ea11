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
 *
 * Passport assigns `success`, `fail`, `error`, `redirect` and `pass` to the strategy object it
 * runs, per request. It copies a strategy it looks up by name (`Object.create`), but uses an
 * object it is handed as it is: sharing the app's instance between concurrent requests delivers
 * one request's user to another's response and leaves the other hanging. So every request runs
 * its own object whose prototype is the shared, never-mutated instance. This is the only place
 * that calls `passport.authenticate` (a lint rule keeps it so).
 */
export function runStrategy<T>(strategy: Strategy, req: Request, res: Response): Promise<StrategyOutcome<T>> {
  const perRequest = Object.create(strategy) as Strategy;
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
    passport.authenticate(perRequest, { session: false }, callback)(req, res, (err?: unknown) =>
      done({ kind: 'error', error: err }),
    );
  });
}

/** For strategies built with @nestjs/passport: keep them out of passport's global registry. */
export const privatePassport = () => new passport.Authenticator();
