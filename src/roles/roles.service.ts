import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ROLES, Role } from '../common/auth/role.enum';
import { ValidationFailedException, type FieldErrors } from '../common/errors/app-exceptions';
import type { Page } from '../common/http/pagination';
import { likeTerm } from '../common/sql/like-term';
import { User } from '../users/user.entity';
import { ROLES_ERRORS } from './error-codes';
import { parseIntId } from '../ownership/resource-id';

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

export interface UserListFilter {
  q?: string;
  role?: Role;
}

/** Grants, revokes and replaces roles (the CLI and the admin API); each change is one UPDATE. */
@Injectable()
export class RolesService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** Adds the role unless held; null when no user has this email. */
  grant(email: string, role: Role): Promise<User | null> {
    return this.updateByEmail(
      email,
      `CASE WHEN :role = ANY(roles) THEN roles ELSE array_append(roles, :role::text) END`,
      role,
    );
  }

  revoke(email: string, role: Role): Promise<User | null> {
    return this.updateByEmail(email, `array_remove(roles, :role::text)`, role);
  }

  /**
   * Replaces the roles of user `rawId` (404 for no such user or a malformed id; 422 `roles.N` for an
   * unknown role). An admin cannot take their own admin role away, so an account never locks
   * itself out of this endpoint.
   */
  async setRoles(actor: User, rawId: string, roles: unknown[]): Promise<User> {
    const id = parseIntId(rawId);
    const user = id === null ? null : await this.users.findOneBy({ id });
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
    await this.users.update({ id: user.id }, { roles: next });
    return Object.assign(user, { roles: next });
  }

  async list(page: Page, filter: UserListFilter): Promise<{ items: User[]; total: number }> {
    const qb = this.users.createQueryBuilder('u').orderBy('u.id', 'ASC').skip(page.offset).take(page.perPage);
    if (filter.q) {
      qb.andWhere(`(u.email ILIKE :term OR (u.first_name || ' ' || u.last_name) ILIKE :term)`, {
        term: likeTerm(filter.q),
      });
    }
    if (filter.role) qb.andWhere(':role = ANY(u.roles)', { role: filter.role });
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  private async updateByEmail(email: string, expression: string, role: Role): Promise<User | null> {
    const result = await this.users
      .createQueryBuilder()
      .update(User)
      .set({ roles: () => expression })
      .where('lower(email) = lower(:email)', { email })
      .setParameter('role', role)
      .returning(['id'])
      .execute();
    const row = (result.raw as { id: number }[])[0];
    return row ? this.users.findOneBy({ id: row.id }) : null;
  }
}
