import { BeatpassResources1795380074734 } from './1795380074734-BeatpassResources';

/** BeatPass's migrations in order (listed explicitly, as the core's are). */
export const BEATPASS_MIGRATIONS = [BeatpassResources1795380074734];
