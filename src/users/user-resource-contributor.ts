import type { Type } from '@nestjs/common';
import type { User } from './user.entity';

/** Every UserResourceContributor of the composed modules, in composition order (ExtensionPointsModule). */
export const USER_RESOURCE_CONTRIBUTORS = Symbol('USER_RESOURCE_CONTRIBUTORS');

/** Fields of the user resource (docs/http-contract.md §5) that a module adds, by their JSON names. */
export type UserResourcePart = Record<string, unknown>;

/**
 * Adds a module's fields to the user resource (GET /api/user, login and registration answers), from
 * the module's own tables: the users module never reads them. Two-factor and social fill the core's
 * own fields this way; products add theirs.
 */
export interface UserResourceContributor {
  /**
   * An @ApiProperty-decorated class describing the fields: added to UserResponseDto in the API
   * document. None for the core's modules (two-factor, social): their fields are UserResponseDto's own.
   */
  readonly schema?: Type<object>;
  /**
   * The fields for each user, keyed by user id, read together (a list of users costs a query per
   * contributor, not per user). Every user gets an entry, with nulls or defaults where the product
   * has no row for it, so the resource always has the documented shape.
   */
  parts(users: readonly User[]): Promise<Map<number, UserResourcePart>>;
}
