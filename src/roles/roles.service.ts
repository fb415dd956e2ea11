import { Injectable, NotFoundException } from '@nestjs/common';
import { ROLES, Role } from '../common/auth/role.enum';
import { ValidationFailedException, type FieldErrors } from '../common/errors/app-exceptions';
import type { Page } from '../common/http/pagination';
import type { User } from '../users/user.entity';
import { UsersService, type UserListFilter } from '../users/users.service';
import { ROLES_ERRORS } from './error-codes';
import { parseIntId } from '../ownership/resource-id';

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** Grants, revokes and replaces roles (the CLI and the admin API); each change is one UPDATE. */
@Injectable()
export class RolesService {
  constructor(private readonly users: UsersService) {}

  /** Adds the role unless held; null when no user has this email. */
  grant(email: string, role: Role): Promise<User | null> {
    return this.users.addRole(email, role);
  }

  revoke(email: string, role: Role): Promise<User | null> {
    return this.users.removeRole(email, role);
  }

  /**
   * Replaces the roles of user `rawId` (404 for no such user or a malformed id; 422 `roles.N` for an
   * unknown role). An admin cannot take their own admin role away, so an account never locks
   * itself out of this endpoint.
   */
  async setRoles(actor: User, rawId: string, roles: unknown[]): Promise<User> {
    const id = parseIntId(rawId);
    const user = id === null ? null : await this.users.findById(id);
    if (!user) throw new NotFoundException();
    const errors: FieldErrors = {};
    roles.forEach((r, i) => {
      if (!isRole(r)) errors[`roles.${i}`] = [`The selected roles.${i} is invalid.`];
    });
    if (Object.keys(errors).length) throw new ValidationFailedException(errors);
    const next = [...new Set(roles as Role[])];
    if (user.id === actor.id && user.roles.includes(Role.Admin) && !next.includes(Role.Admin)) {
      throw ValidationFailedException.field('roles', ROLES_ERRORS.OWN_ADMIN_ROLE);
    }
    await this.users.setRoles(user.id, next);
    return Object.assign(user, { roles: next });
  }

  list(page: Page, filter: UserListFilter): Promise<{ items: User[]; total: number }> {
    return this.users.list(page, filter);
  }
}
