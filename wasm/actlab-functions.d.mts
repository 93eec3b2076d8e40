// Types for wasm/dist/actlab-functions.mjs, copied beside it by scripts/build-wasm.sh
// (web/actlab-module.d.ts is copied to wasm/dist/actlab.d.mts the same way).
import type { ActLabFactoryOptions, ActLabFunctionsModule } from './actlab.mjs';

declare function createActLab(options?: ActLabFactoryOptions): Promise<ActLabFunctionsModule>;
export default createActLab;
