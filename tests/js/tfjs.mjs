// TensorFlow.js for the Node tests, with its gradients. tfjs-core's Node build
// does not register gradient functions, and its ES module files cannot be
// imported by Node directly (extensionless imports), so we bundle core, the cpu
// backend and the gradient registrations once with esbuild and import that.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outfile = `${root}build/tfjs/tfjs-with-gradients.mjs`;

if (!existsSync(outfile)) {
  await build({
    stdin: {
      contents: [
        "export * from '@tensorflow/tfjs-core';",
        "import '@tensorflow/tfjs-core/dist/register_all_gradients';",
        "import '@tensorflow/tfjs-backend-cpu';",
      ].join('\n'),
      resolveDir: root,
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'],
    outfile,
    // Some CommonJS inside tfjs requires Node built-ins; give the bundle a require.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
}

const tf = await import(outfile);
await tf.setBackend('cpu');
export default tf;
