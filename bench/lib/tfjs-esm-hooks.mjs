// Module resolution hooks (registered with node:module's register) that let
// Node load @tensorflow/tfjs-core's ES module files, whose relative imports
// omit the ".js" extension. Only register_all_gradients needs them: the CJS
// bundle that `import '@tensorflow/tfjs-core'` loads has no gradient functions,
// and the gradient registry is a process-wide global shared by both builds.
export async function resolve(specifier, context, nextResolve) {
  const fromTfjsCore = context.parentURL?.includes('/@tensorflow/tfjs-core/dist/');
  if (fromTfjsCore && specifier.startsWith('.') && !specifier.endsWith('.js')) {
    try {
      return await nextResolve(specifier + '.js', context);
    } catch {
      return nextResolve(specifier + '/index.js', context);
    }
  }
  return nextResolve(specifier, context);
}
