// `npm run tokens:prune`: deletes expired tokens (and expired browser sessions) once, then exits.
// The app does the same every 15 minutes; this is for cron-driven deployments and operators.
import { PruneScheduler } from '../sessions/prune.scheduler';
import { withAppContext } from './app-context';

withAppContext((app) => app.get(PruneScheduler).run()).then(
  (result) => {
    console.warn(`Pruned ${result.tokens} expired tokens and ${result.sessions} expired sessions.`);
    process.exit(0);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
