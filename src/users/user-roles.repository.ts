import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Role } from '../common/auth/role.enum';
import type { Page } from '../common/http/pagination';
import { likeTerm } from '../common/sql/like-term';
import { User } from './user.entity';

export interface UserListFilter {
  q?: string;
  role?: Role;
}

/** The roles column of users, and the admin list: each change is one UPDATE. */
@Injectable()
export class UserRolesRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** Adds the role unless held; null when no user has this email. */
  addRole(email: string, role: Role): Promise<User | null> {
    return this.updateByEmail(
      email,
      `CASE WHEN :role = ANY(roles) THEN roles ELSE array_append(roles, :role::text) END`,
      role,
    );
  }

  removeRole(email: string, role: Role): Promise<User | null> {
    return this.updateByEmail(email, `array_remove(roles, :role::text)`, role);
  }

  async setRoles(userId: number, roles: Role[]): Promise<void> {
    await this.users.update({ id: userId }, { roles });
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
