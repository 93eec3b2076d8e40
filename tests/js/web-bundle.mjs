// The web/ TypeScript modules for Node tests: bundled with esbuild (a dev
// dependency, the version Vite uses) into one ES module in a temporary folder,
// imported, and loaded with the built wasm module.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A repository file as a quoted import path, for entry lines. */
export const webFile = (relative) => JSON.stringify(path.join(root, relative));

/**
 * The module whose source is these entry lines (e.g. `export * from ${webFile('web/actlab.ts')};`).
 * platform 'node' is for the site's build-time modules: npm packages stay imports.
 */
export async function bundleWeb(entryLines, { platform = 'neutral' } = {}) {
  // for 'node', a folder inside the repository, so the bundle's package imports resolve
  const parent = platform === 'node' ? path.join(root, 'build') : os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, 'actlab-web-bundle-'));
  try {
    const entry = path.join(dir, 'entry.ts');
    fs.writeFileSync(entry, entryLines.join('\n'));
    const outfile = path.join(dir, 'm.mjs');
    const external = platform === 'node' ? { packages: 'external' } : {};
    await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform,
      ...external,
      outfile,
      logLevel: 'error',
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every export of these files, bundled together. */
export const bundleFiles = (files) => bundleWeb(files.map((f) => `export * from ${webFile(f)};`));

/** A build-time module of the site (e.g. docs/.vitepress/embed-pages.ts), for Node. */
export const importSiteModule = (relative) => bundleWeb([`export * from ${webFile(relative)};`], { platform: 'node' });

/** The ActLab instance from a bundle that exports web/actlab.ts's loadActLab. */
export const loadLab = (bundle) =>
  bundle.loadActLab({ wasmBinary: fs.readFileSync(path.join(root, 'wasm/dist/actlab.wasm')) });

/** The trainer widgets' DOM-free models (and the wasm loader, the state fields), bundled together. */
export const bundleTrainerModels = () =>
  bundleFiles([
    'web/actlab.ts',
    'web/models/playground.ts',
    'web/models/compare.ts',
    'web/models/presets.ts',
    'web/models/datasets.ts',
    'web/trainer-runner.ts',
    'web/widgets/shared/state.ts',
  ]);
