import type { Type } from '@nestjs/common';
import type { SchemaPart } from '../database/schema';
import type { ProfileExtension } from '../users/profile-extension';
import type { RegistrationExtension } from '../auth/registration-extension';
import type { UserResourceContributor } from '../users/user-resource-contributor';
import type { LoginMethodCounter } from '../users/login-methods';

/**
 * Providers of a module that plug into the core's extension points. The module must provide and
 * export them; ExtensionPointsModule collects them under the core's tokens.
 */
export interface ExtensionContributions {
  registration?: readonly Type<RegistrationExtension>[];
  userResource?: readonly Type<UserResourceContributor>[];
  profile?: readonly Type<ProfileExtension>[];
  /** Ways to log in kept in the module's tables, counted before one is removed. */
  loginMethods?: readonly Type<LoginMethodCounter>[];
}

/** A module that plugs into the extension points (core modules such as two-factor, and products). */
export interface ContributingModule extends Type {
  readonly extensions?: ExtensionContributions;
}

/**
 * A product built on the core (src/examples/*), composed in by AppModule.forRoot(…, { examples }).
 * Its tables come with it: the data source lists its entities and runs its migrations only when it is
 * composed in. Leaving it out removes its routes, its extensions and its migrations; tables it
 * already created stay in the database.
 */
export interface ExampleModule extends ContributingModule, SchemaPart {}
