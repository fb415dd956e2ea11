import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { ApiRegisterDto, SpaRegisterDto } from '../auth/dto/register.dto';
import { UpdateProfileDto } from '../users/dto/update-profile.dto';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { API_SCHEMA_EXTENSIONS, type ApiSchemaExtension } from './api-schema-extensions';
import type { ContributingModule, ExtensionContributions } from './example-module';
import { PROFILE_EXTENSIONS, type ProfileExtension } from '../users/profile-extension';
import { REGISTRATION_EXTENSIONS, type RegistrationExtension } from '../auth/registration-extension';
import { USER_RESOURCE_CONTRIBUTORS, type UserResourceContributor } from '../users/user-resource-contributor';
import { LOGIN_METHOD_COUNTERS } from '../users/login-methods';

/** Nest has no multi-providers: one factory provider per token returns every contribution, in order. */
const collect = (token: symbol, types: readonly Type[]): Provider => ({
  provide: token,
  inject: [...types],
  useFactory: (...instances: unknown[]) => instances,
});

/**
 * Where the extensions' fields go in the core's schemas: before the core's trailing fields, which is
 * where Fangate's were when they were core fields, so the API document did not change when they
 * moved out.
 */
const documented = (
  registration: RegistrationExtension[],
  userResource: UserResourceContributor[],
  profile: ProfileExtension[],
): ApiSchemaExtension[] => [
  ...registration.flatMap(({ fields }) =>
    fields ? [{ targets: [SpaRegisterDto, ApiRegisterDto], fields, before: 'email_verification' }] : [],
  ),
  ...userResource.flatMap(({ schema }) =>
    schema ? [{ targets: [UserResponseDto], fields: schema, before: 'features' }] : [],
  ),
  ...profile.map(({ fields }) => ({ targets: [UpdateProfileDto], fields })),
];

/**
 * The core's extension points, filled from the composed modules' static `extensions`: core services
 * inject REGISTRATION_EXTENSIONS, USER_RESOURCE_CONTRIBUTORS, PROFILE_EXTENSIONS and
 * LOGIN_METHOD_COUNTERS (empty lists for the core alone, but for two-factor's and social's parts of
 * the user resource and social's and passkeys' login methods), setupApp() API_SCHEMA_EXTENSIONS.
 */
@Module({})
export class ExtensionPointsModule {
  static forRoot(modules: readonly ContributingModule[]): DynamicModule {
    const of = (key: keyof ExtensionContributions): Type[] =>
      modules.flatMap((m): readonly Type[] => m.extensions?.[key] ?? []);
    const tokens = [REGISTRATION_EXTENSIONS, USER_RESOURCE_CONTRIBUTORS, PROFILE_EXTENSIONS];
    return {
      module: ExtensionPointsModule,
      global: true,
      imports: [...modules],
      providers: [
        collect(REGISTRATION_EXTENSIONS, of('registration')),
        collect(USER_RESOURCE_CONTRIBUTORS, of('userResource')),
        collect(PROFILE_EXTENSIONS, of('profile')),
        collect(LOGIN_METHOD_COUNTERS, of('loginMethods')),
        { provide: API_SCHEMA_EXTENSIONS, inject: tokens, useFactory: documented },
      ],
      exports: [...tokens, LOGIN_METHOD_COUNTERS, API_SCHEMA_EXTENSIONS],
    };
  }
}
