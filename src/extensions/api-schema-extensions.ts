import type { Type } from '@nestjs/common';
import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';

/** What the composed extensions add to the core's schemas in the API document. */
export const API_SCHEMA_EXTENSIONS = Symbol('API_SCHEMA_EXTENSIONS');

export interface ApiSchemaExtension {
  /** The core DTO classes whose schemas gain the fields. */
  targets: readonly Type[];
  /** An @ApiProperty-decorated class: its properties, and which of them are required, are added. */
  fields: Type;
  /**
   * The core property they are inserted before (the end when absent), so the document lists the
   * fields where they were before they moved out of the core.
   */
  before?: string;
}

/** The classes swagger must explore besides the routes' own (createDocument's `extraModels`). */
export const extensionModels = (extensions: readonly ApiSchemaExtension[]): Type[] => [
  ...new Set(extensions.map((e) => e.fields)),
];

const isSchema = (s: SchemaObject | ReferenceObject | undefined): s is SchemaObject => !!s && !('$ref' in s);

/**
 * Merges each extension's fields into its target schemas, then drops the extensions' own schemas
 * (they only carried the fields). Swagger explored them through `extraModels`, so the schemas they
 * refer to (nested DTOs) are in the document.
 */
export function extendApiDocument(document: OpenAPIObject, extensions: readonly ApiSchemaExtension[]): void {
  const schemas = document.components?.schemas ?? {};
  for (const { targets, fields, before } of extensions) {
    const added = schemas[fields.name];
    if (!isSchema(added) || !added.properties) continue;
    for (const target of targets) {
      const schema = schemas[target.name];
      if (!isSchema(schema)) continue;
      const properties = Object.entries(schema.properties ?? {});
      const at = before ? properties.findIndex(([name]) => name === before) : -1;
      properties.splice(at < 0 ? properties.length : at, 0, ...Object.entries(added.properties));
      schema.properties = Object.fromEntries(properties);
      if (added.required?.length) {
        // In property order, as swagger lists a class's own required fields.
        const required = new Set([...(schema.required ?? []), ...added.required]);
        schema.required = properties.map(([name]) => name).filter((name) => required.has(name));
      }
    }
  }
  for (const model of extensionModels(extensions)) delete schemas[model.name];
}
