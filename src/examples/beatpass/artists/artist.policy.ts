import type { EntityManager } from 'typeorm';
import { Role } from '../../../common/auth/role.enum';
import { PolicyAction, type Policy } from '../../../ownership/policy';
import { User } from '../../../users/user.entity';

export enum ArtistAction {
  Follow = 'follow',
}

/** An artist is a user holding the producer role; any other id is a 404 on artist routes. */
export class ArtistPolicy implements Policy<User, PolicyAction | ArtistAction> {
  readonly entity = User;

  load(manager: EntityManager, id: number): Promise<User | null> {
    return manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.id = :id', { id })
      .andWhere(':role = ANY(u.roles)', { role: Role.Producer })
      .getOne();
  }

  can(user: User | null, action: PolicyAction | ArtistAction): boolean {
    if (action === PolicyAction.View) return true;
    if (action === ArtistAction.Follow) return !!user;
    return false;
  }
}
