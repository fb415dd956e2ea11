import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * Hot-path helpers for hand-written SQL: a select list with `alias_column` names and the matching
 * hydration, both derived from TypeORM's entity metadata so they never drift from the entities.
 * Used where a query runs on every request (authentication), since the query builder's SQL
 * generation and entity transformation cost several times the round trip itself.
 */
export class RawRows<T extends ObjectLiteral> {
  readonly select: string;
  private readonly columns: { property: string; key: string; metadata: ColumnMetadata }[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntityTarget<T>,
    private readonly alias: string,
  ) {
    const metadata = dataSource.getMetadata(entity);
    this.columns = metadata.columns.map((c) => ({
      property: c.propertyName,
      key: `${alias}_${c.databaseName}`,
      metadata: c,
    }));
    this.select = metadata.columns
      .map((c) => `"${alias}"."${c.databaseName}" AS "${alias}_${c.databaseName}"`)
      .join(', ');
  }

  /** The entity from a joined row, or null when a LEFT JOIN found nothing. */
  hydrate(row: Record<string, unknown>): T | null {
    if (row[this.columns[0].key] === null || row[this.columns[0].key] === undefined) return null;
    const target = this.entity as { new (): T };
    const entity = new target();
    // The driver's own conversion (e.g. `date` columns to 'YYYY-MM-DD' strings), as TypeORM hydrates.
    const driver = this.dataSource.driver;
    for (const { property, key, metadata } of this.columns) {
      (entity as Record<string, unknown>)[property] = driver.prepareHydratedValue(row[key], metadata);
    }
    return entity;
  }
}
