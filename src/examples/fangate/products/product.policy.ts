import { owns, PolicyAction, type Policy } from '../../../ownership/policy';
import type { User } from '../../../users/user.entity';
import { Product } from './product.entity';

/** A creator sees and manages only their own products and the media on them. */
export class ProductPolicy implements Policy<Product> {
  readonly entity = Product;

  can(user: User | null, action: PolicyAction, product?: Product): boolean {
    return (
      [PolicyAction.View, PolicyAction.Update, PolicyAction.Delete].includes(action) &&
      owns(user, product?.creatorId)
    );
  }
}
