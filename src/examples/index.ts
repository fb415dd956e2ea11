import type { ExampleModule } from '../extensions/example-module';
import { BeatpassModule } from './beatpass/beatpass.module';
import { FangateModule } from './fangate/fangate.module';

/**
 * The example products the app is composed with unless told otherwise (main.ts, the CLIs, the
 * tests): both, so the HTTP behaviour and the API document are those of the contract.
 */
export const EXAMPLE_MODULES: readonly ExampleModule[] = [BeatpassModule, FangateModule];
