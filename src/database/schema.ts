import type { Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';

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

/** The data source's lists, from the parts composed in. TypeORM runs migrations in timestamp order, whichever part they come from. */
export function databaseSchema(parts: readonly SchemaPart[]): DatabaseSchema {
  return {
    entities: parts.flatMap((p) => p.entities),
    migrations: parts.flatMap((p) => p.migrations),
  };
}
