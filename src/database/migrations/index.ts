import { InitialSchema1795377791046 } from './1795377791046-InitialSchema';

/** Every migration in order; listed explicitly because globs differ between the tsc build and jest (ESM). */
export const MIGRATIONS = [InitialSchema1795377791046];
