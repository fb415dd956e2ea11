import type { Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { CORE_ENTITIES } from './entities';
import { CORE_MIGRATIONS } from './migrations';

/** A migration class as TypeORM takes it. */
export type MigrationClass = new () => MigrationInterface;

/** Tables a module brings: its entities and the migrations that create them. */
export interface SchemaPart {
  readonly entities: readonly Type[];
  readonly migrations: readonly MigrationClass[];
}

export interface DatabaseSchema {
  entities: Type[];
  migrations: MigrationClass[];
}

/**
 * The data source's lists: the core's tables plus those of each module composed in, so a module left
 * out brings neither its entities nor its migrations. TypeORM runs migrations in timestamp order,
 * whichever list they come from.
 */
export function databaseSchema(parts: readonly SchemaPart[]): DatabaseSchema {
  return {
    entities: [...CORE_ENTITIES, ...parts.flatMap((p) => p.entities)],
    migrations: [...CORE_MIGRATIONS, ...parts.flatMap((p) => p.migrations)],
  };
}
