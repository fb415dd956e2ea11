import type { Type } from '@nestjs/common';
import type { SchemaPart } from '../database/schema';

/**
 * A product built on the core (src/examples/*), composed in by AppModule.forRoot(…, { examples }).
 * Its tables come with it: the data source lists its entities and runs its migrations only when it is
 * composed in. Leaving it out removes its routes and stops its migrations; tables it already created
 * stay in the database.
 */
export interface ExampleModule extends Type, SchemaPart {}
