import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source';
import { DatabaseGate } from './database-gate';
import { PreparedStatements } from './prepared-statements';
import type { DatabaseSchema } from './schema';

export interface DatabaseSettings {
  url: string;
  embedded: boolean;
  /** Connections to a server (DATABASE_POOL_SIZE); the embedded database always has one. */
  poolSize?: number;
}

/** PostgreSQL through TypeORM; the schema comes only from migrations, which run at start-up. */
@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings, schema: DatabaseSchema): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [DatabaseGate, PreparedStatements],
      exports: [DatabaseGate, PreparedStatements],
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: settings.url,
            embedded: settings.embedded,
            poolSize: settings.poolSize,
            schema,
            migrationsRun: true,
          }),
          // The server may still be starting (or restarting); keep trying before giving up.
          retryAttempts: 10,
          retryDelay: 1000,
        }),
      ],
    };
  }
}
