// The entry for the tutorial site (VitePress theme). Every widget is its own
// chunk, imported the first time one of its elements comes near the viewport
// (shared/lazy.ts): a chapter downloads only the widgets it shows, and one far
// down the page only once the reader scrolls towards it. What the widgets share
// (the base class, uPlot, the wasm loader) ends up in common chunks that the
// bundler splits out. The embed bundle uses web/index.ts instead, which includes
// everything in one module.
import { reportEmbedHeight } from './shared/embed-height';
import { defineOnce, defineOnDemand } from './shared/lazy';

export { setEmbedBase } from './shared/embed';

defineOnDemand({
  'actlab-activation': () => import('./activation').then((m) => defineOnce('actlab-activation', m.ActivationWidget)),
  'actlab-loss': () => import('./loss').then((m) => defineOnce('actlab-loss', m.LossWidget)),
  'actlab-neuron': () => import('./neuron').then((m) => defineOnce('actlab-neuron', m.NeuronWidget)),
  'actlab-descent': () => import('./descent').then((m) => defineOnce('actlab-descent', m.DescentWidget)),
  'actlab-chain': () => import('./chain').then((m) => defineOnce('actlab-chain', m.ChainWidget)),
  'actlab-playground': () => import('./playground'),
  'actlab-compare': () => import('./compare'),
});
import './shared/offline';

// An embed page in a frame tells the framing page its height. This module may run
// (async script on the embed pages) before the page has been parsed.
if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', () => reportEmbedHeight(), { once: true });
else reportEmbedHeight();
