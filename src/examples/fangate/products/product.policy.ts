import { owns, type Policy, type PolicyAction } from '../../../ownership/policy';
import type { User } from '../../../users/user.entity';
import { Product } from './product.entity';

/** A creator sees and manages only their own products and the media on them. */
export class ProductPolicy implements Policy<Product> {
  readonly entity = Product;

  can(user: User | null, action: PolicyAction, product?: Product): boolean {
    return ['view', 'update', 'delete'].includes(action) && owns(user, product?.creatorId);
  }
}
