// Build-time data for the loss rows of <FunctionTable> (see functions.data.mjs):
// one loader per kind, so a page with one table downloads only its own rows.
import { loadCore, lossRows } from './functions.data.mjs';

export default {
  watch: ['../../wasm/dist/actlab.wasm'],
  async load() {
    return lossRows(await loadCore());
  },
};
