import type { FastifyRequest } from 'fastify';
import passport, { type Strategy } from 'passport';

export type StrategyOutcome<T> =
  | { kind: 'redirect'; url: string }
  | { kind: 'success'; user: T }
  | { kind: 'fail'; message?: string }
  | { kind: 'error'; error: unknown };

/**
 * What passport may do to a response when it is given a callback: a strategy's `redirect()` sets a
 * status and a Location and ends it. Handing passport this stand-in instead of the real reply turns
 * that redirect into an outcome the caller answers with, so the framework's reply stays the only
 * thing that writes to the socket.
 */
function redirectCatcher(onRedirect: (url: string) => void) {
  const headers = new Map<string, string>();
  return {
    statusCode: 200,
    setHeader: (name: string, value: string) => void headers.set(name.toLowerCase(), String(value)),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    end: () => onRedirect(headers.get('location') ?? ''),
  };
}

/**
 * Runs one Passport strategy *instance* (not a name in passport's process-wide registry, so two
 * app instances in one process never use each other's strategies) with the custom-callback form.
 *
 * Passport assigns `success`, `fail`, `error`, `redirect` and `pass` to the strategy object it
 * runs, per request. It copies a strategy it looks up by name (`Object.create`), but uses an
 * object it is handed as it is: sharing the app's instance between concurrent requests delivers
 * one request's user to another's response and leaves the other hanging. So every request runs
 * its own object whose prototype is the shared, never-mutated instance. This is the only place
 * that calls `passport.authenticate` (a lint rule keeps it so).
 */
export function runStrategy<T>(strategy: Strategy, req: FastifyRequest): Promise<StrategyOutcome<T>> {
  const perRequest = Object.create(strategy) as Strategy;
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: StrategyOutcome<T>) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const callback = (err: unknown, user: T | false, info?: { message?: string }) => {
      if (err) return done({ kind: 'error', error: err });
      if (!user) return done({ kind: 'fail', message: info?.message });
      done({ kind: 'success', user });
    };
    const res = redirectCatcher((url) => done({ kind: 'redirect', url }));
    passport.authenticate(perRequest, { session: false }, callback)(req, res, (err?: unknown) =>
      done({ kind: 'error', error: err }),
    );
  });
}

/** For strategies built with @nestjs/passport: keep them out of passport's global registry. */
export const privatePassport = () => new passport.Authenticator();
