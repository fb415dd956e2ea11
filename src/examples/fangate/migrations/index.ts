import { FangateResources1795380074735 } from './1795380074735-FangateResources';

/** Fangate's migrations in order (listed explicitly, as the core's are). */
export const FANGATE_MIGRATIONS = [FangateResources1795380074735];
