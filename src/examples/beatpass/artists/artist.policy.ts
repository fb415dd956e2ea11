import type { EntityManager } from 'typeorm';
import { Role } from '../../../common/auth/role.enum';
import { type Policy, type PolicyAction } from '../../../ownership/policy';
import { User } from '../../../users/user.entity';

/** An artist is a user holding the producer role; any other id is a 404 on artist routes. */
export class ArtistPolicy implements Policy<User> {
  readonly entity = User;

  load(manager: EntityManager, id: number): Promise<User | null> {
    return manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.id = :id', { id })
      .andWhere(':role = ANY(u.roles)', { role: Role.Producer })
      .getOne();
  }

  can(user: User | null, action: PolicyAction): boolean {
    if (action === 'view') return true;
    if (action === 'follow') return !!user;
    return false;
  }
}
