import type { Type } from '@nestjs/common';
import type { User } from './user.entity';

/** Every ProfileExtension of the composed modules, in composition order (ExtensionPointsModule). */
export const PROFILE_EXTENSIONS = Symbol('PROFILE_EXTENSIONS');

/**
 * Settings a product lets users change through PUT /api/user/profile, beside the core's names
 * (Fortify's UpdatesUserProfileInformation, extended rather than replaced).
 */
export interface ProfileExtension<Fields extends object = object> {
  /**
   * The request fields it reads, declared like a DTO (class-validator rules and @ApiProperty):
   * validated from the body by the core's pipe before anything is written, documented on
   * UpdateProfileDto.
   */
  readonly fields: Type<Fields>;
  /** Applies the fields that were sent (the others are undefined) to the product's own rows. */
  update(user: User, fields: Fields): Promise<void>;
}
