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

type Schemas = Record<string, SchemaObject | ReferenceObject>;

/** The schemas `node` refers to, directly or through them, in the order they are first met. */
function referencedSchemas(node: unknown, schemas: Schemas, found = new Set<string>()): Set<string> {
  if (!node || typeof node !== 'object') return found;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const name = ref.slice(ref.lastIndexOf('/') + 1);
    if (!found.has(name)) referencedSchemas(schemas[name], schemas, found.add(name));
  }
  for (const child of Object.values(node)) referencedSchemas(child, schemas, found);
  return found;
}

/**
 * Moves the schemas in `brought` that come after `target` to just before it: where swagger puts
 * the nested schemas of a class it explores, so the document reads as if the fields were the target's.
 */
function placeBefore(schemas: Schemas, target: string, brought: Set<string>): Schemas {
  const names = Object.keys(schemas);
  const moved = names.slice(names.indexOf(target) + 1).filter((name) => brought.has(name));
  const rest = names.filter((name) => !moved.includes(name));
  rest.splice(rest.indexOf(target), 0, ...moved);
  return Object.fromEntries(rest.map((name) => [name, schemas[name]]));
}

/**
 * Merges each extension's fields into its target schemas, then drops the extensions' own schemas
 * (they only carried the fields). Swagger explored them through `extraModels`, so the schemas they
 * refer to (nested DTOs) are in the document; they are moved before the first target.
 */
export function extendApiDocument(document: OpenAPIObject, extensions: readonly ApiSchemaExtension[]): void {
  let schemas: Schemas = document.components?.schemas ?? {};
  for (const { targets, fields, before } of extensions) {
    const added = schemas[fields.name];
    if (!isSchema(added) || !added.properties) continue;
    if (targets[0] && schemas[targets[0].name]) {
      schemas = placeBefore(schemas, targets[0].name, referencedSchemas(added.properties, schemas));
    }
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
  if (document.components) document.components.schemas = schemas;
}
