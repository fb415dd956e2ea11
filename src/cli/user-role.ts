// `npm run user:role -- <email> <role>` grants a role; `--revoke` takes it away. Roles: listener,
// producer, creator, admin. The change applies from the user's next request (roles are read per request).
import { ROLES } from '../common/auth/role.enum';
import { ROLES_ERRORS } from '../roles/error-codes';
import { isRole, RolesService } from '../roles/roles.service';
import { withAppContext } from './app-context';

const USAGE = `Usage: npm run user:role -- <email> <role> [--revoke]   (roles: ${ROLES.join(', ')})`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { email: string; role: (typeof ROLES)[number]; revoke: boolean } {
  const revoke = argv.includes('--revoke');
  const positional = argv.filter((a) => a !== '--revoke');
  const unknownFlag = positional.find((a) => a.startsWith('--'));
  if (unknownFlag) throw new UsageError(`Unknown option ${unknownFlag}.\n${USAGE}`);
  const [email, role, ...rest] = positional;
  if (!email || !role || rest.length) throw new UsageError(USAGE);
  if (!isRole(role)) throw new UsageError(ROLES_ERRORS.UNKNOWN_ROLE(role));
  return { email, role, revoke };
}

async function main(): Promise<void> {
  const { email, role, revoke } = parseArgs(process.argv.slice(2));
  await withAppContext(async (app) => {
    const roles = app.get(RolesService);
    const user = revoke ? await roles.revoke(email, role) : await roles.grant(email, role);
    if (!user) throw new UsageError(ROLES_ERRORS.UNKNOWN_USER(email));
    const held = user.roles.length ? user.roles.join(', ') : '(none)';
    console.warn(
      `${revoke ? 'Revoked' : 'Granted'} ${role} ${revoke ? 'from' : 'to'} ${user.email}; roles: ${held}.`,
    );
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(err instanceof UsageError ? 2 : 1);
});
