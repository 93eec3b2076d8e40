// Build-time data for the activation rows of <FunctionTable> (see functions.data.mjs):
// one loader per kind, so a page with one table downloads only its own rows.
import { loadCore, activationRows } from './functions.data.mjs';

export default {
  watch: ['../../wasm/dist/actlab.wasm'],
  async load() {
    return activationRows(await loadCore());
  },
};
