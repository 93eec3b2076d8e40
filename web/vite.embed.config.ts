// The embed bundle: one ES module that defines every <actlab-*> element for
// direct use on any page, built from web/index.ts into the site output as
// <outDir>/embed/actlab-embed.js with actlab.wasm and actlab-functions.wasm
// beside it (web/actlab.ts picks the build a widget needs).
//
// A plain (non-library) build is used on purpose: Vite's library mode inlines
// every asset as a data: URL, which would put the wasm into the script as
// base64 and make hosts with a CSP block its fetch. With base './' the glue's
// new URL('actlab*.wasm', import.meta.url) stays relative to the script, so the
// bundle works from any origin and any path.
//
// npm run build runs: vite build --config web/vite.embed.config.ts
// ACTLAB_EMBED_OUT overrides the output folder (default docs/.vitepress/dist/embed).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { minifyCssStrings } from './minify-css-strings';
import { uplotLazyIntl } from './uplot-lazy-intl';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = process.env.ACTLAB_EMBED_OUT ?? fileURLToPath(new URL('../docs/.vitepress/dist/embed', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  plugins: [uplotLazyIntl, minifyCssStrings],
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: false,
    assetsDir: '',
    assetsInlineLimit: 0,
    target: 'es2022',
    minify: 'esbuild',
    sourcemap: false,
    copyPublicDir: false,
    modulePreload: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: { 'actlab-embed': fileURLToPath(new URL('./index.ts', import.meta.url)) },
      preserveEntrySignatures: 'exports-only',
      output: {
        format: 'es',
        // one module, as the issue asks: dynamic imports in the library are folded in
        inlineDynamicImports: true,
        entryFileNames: '[name].js',
        chunkFileNames: 'actlab-embed-[name]-[hash].js',
        assetFileNames: '[name][extname]',
      },
    },
  },
});
