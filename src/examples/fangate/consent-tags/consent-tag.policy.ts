import type { EntityManager } from 'typeorm';
import { owns, PolicyAction, type Policy } from '../../../ownership/policy';
import type { User } from '../../../users/user.entity';
import { ConsentTag } from './consent-tag.entity';

export enum ConsentTagAction {
  Respond = 'respond',
}

/**
 * A consent tag and its answer belong to the tagged user alone: the creator who tagged them
 * cannot read or answer it (403), nor can anyone else.
 */
export class ConsentTagPolicy implements Policy<ConsentTag, PolicyAction | ConsentTagAction> {
  readonly entity = ConsentTag;
  /** docs/http-contract.md §9: only the tagged user may read or answer a consent tag, admins included. */
  readonly adminPasses = false;

  /** With the product and its creator, which the tagged user's view names. */
  load(manager: EntityManager, id: number): Promise<ConsentTag | null> {
    return manager.findOne(ConsentTag, { where: { id }, relations: { product: { creator: true } } });
  }

  can(user: User | null, action: PolicyAction | ConsentTagAction, tag?: ConsentTag): boolean {
    return (
      (action === PolicyAction.View || action === ConsentTagAction.Respond) && owns(user, tag?.taggedUserId)
    );
  }
}
