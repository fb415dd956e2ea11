import { FangatePayoutsAndInvites1795377791047 } from './1795377791047-FangatePayoutsAndInvites';
import { FangateResources1795380074735 } from './1795380074735-FangateResources';
import { FangateAccounts1796146597683 } from './1796146597683-FangateAccounts';

/** Fangate's migrations in order (listed explicitly, as the core's are). */
export const FANGATE_MIGRATIONS = [
  FangatePayoutsAndInvites1795377791047,
  FangateResources1795380074735,
  FangateAccounts1796146597683,
];
