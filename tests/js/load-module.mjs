// Loads the built wasm module in Node, as the contract says: the default export
// of wasm/dist/actlab.mjs is an async factory, called with { wasmBinary }.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../wasm/dist/', import.meta.url));

export async function loadModule() {
  const { default: createActLab } = await import(`${dist}actlab.mjs`);
  return createActLab({ wasmBinary: readFileSync(`${dist}actlab.wasm`) });
}

/** The activations-and-losses-only build, wasm/dist/actlab-functions.mjs. */
export async function loadFunctionsModule() {
  const { default: createActLab } = await import(`${dist}actlab-functions.mjs`);
  return createActLab({ wasmBinary: readFileSync(`${dist}actlab-functions.wasm`) });
}
