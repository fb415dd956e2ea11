import type { Type } from '@nestjs/common';
import type { User } from '../users/user.entity';

/** Every UserResourceContributor of the composed modules, in composition order (ExtensionPointsModule). */
export const USER_RESOURCE_CONTRIBUTORS = Symbol('USER_RESOURCE_CONTRIBUTORS');

/** Fields of the user resource (docs/http-contract.md §5) that a product adds, by their JSON names. */
export type UserResourcePart = Record<string, unknown>;

/**
 * Adds a product's fields to the user resource (GET /api/user, login and registration answers),
 * from the product's own tables: the core never reads them.
 */
export interface UserResourceContributor {
  /** An @ApiProperty-decorated class describing the fields: added to UserResponseDto in the API document. */
  readonly schema: Type<object>;
  /**
   * The fields for each user, keyed by user id, read together (a list of users costs a query per
   * contributor, not per user). Every user gets an entry, with nulls or defaults where the product
   * has no row for it, so the resource always has the documented shape.
   */
  parts(users: readonly User[]): Promise<Map<number, UserResourcePart>>;
}
