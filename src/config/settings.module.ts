import { DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { AppConfig } from './auth.config';
import { settingsOf } from './settings';

/**
 * Provides the validated AppConfig (bootstrap, CLIs) and each typed slice of it (services).
 * Named so as not to clash with @nestjs/config's ConfigModule.
 */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(config: AppConfig): DynamicModule {
    const slices: Provider[] = settingsOf(config).map((slice) => ({
      provide: slice.constructor,
      useValue: slice,
    }));
    return {
      module: SettingsModule,
      providers: [{ provide: AppConfig, useValue: config }, ...slices],
      exports: [AppConfig, ...slices.map((p) => (p as { provide: unknown }).provide as never)],
    };
  }
}
