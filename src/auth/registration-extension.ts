import type { Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '../common/auth/role.enum';
import type { FieldErrors } from '../common/errors/app-exceptions';
import type { User } from '../users/user.entity';

/** Every RegistrationExtension of the composed modules, in composition order (ExtensionPointsModule). */
export const REGISTRATION_EXTENSIONS = Symbol('REGISTRATION_EXTENSIONS');

export interface RegistrationInput<Fields extends object = object> {
  /** `form`: POST /register or /api/register; `social`: a first social login, which sends no form. */
  via: 'form' | 'social';
  email: string;
  role: Role;
  /** The extension's own request fields (its `fields` class), validated; all absent for `social`. */
  fields: Fields;
}

/**
 * What a product adds to registration (Fortify's CreatesNewUsers, extended rather than replaced).
 * RegisterUserAction checks the core's fields, then every extension's, and inserts the user together
 * with what the extensions write, in one transaction: all of it or nothing.
 *
 * - `fields`: the request fields the extension reads, declared like a DTO (class-validator rules and
 *   @ApiProperty). The core's DTO whitelists them away; they are validated from the request body by
 *   the same pipe, right after the core's DTO, and documented in both registration request schemas.
 * - `validate`: the rules that need the database or the clock. It adds field errors (Laravel wording)
 *   after the core's own (email taken, age) and returns what `afterInsert` needs, so nothing is
 *   looked up twice and no request's state is kept on the (singleton) extension.
 * - `afterInsert`: the extension's rows for the new user, inside the user's transaction; runs only
 *   when no rule failed.
 */
export interface RegistrationExtension<Fields extends object = object, Plan = unknown> {
  readonly fields?: Type<Fields>;
  validate(input: RegistrationInput<Fields>, errors: FieldErrors): Promise<Plan>;
  afterInsert(
    manager: EntityManager,
    user: User,
    plan: Plan,
    input: RegistrationInput<Fields>,
  ): Promise<void>;
}
