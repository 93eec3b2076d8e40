// ActLab widgets. Importing this module defines every custom element; it is also
// the entry of the embed bundle (/embed/actlab-embed.js).
//
//   <actlab-activation>  activation explorer      web/widgets/activation.ts
//   <actlab-loss>        loss explorer            web/widgets/loss.ts
//   <actlab-neuron>      one neuron, heatmap      web/widgets/neuron.ts
//   <actlab-descent>     gradient descent in 2-D  web/widgets/descent.ts
//   <actlab-chain>       derivative products      web/widgets/chain.ts
//   <actlab-playground>  training playground      web/widgets/playground.ts (defines itself)
//   <actlab-compare>     comparison lab           web/widgets/compare.ts (defines itself)
//
// Test hooks on every element (details in web/README.md):
//   el.dataset.ready === 'true'  set once the element has drawn its first frame
//                                (after the wasm module has loaded); removed on disconnect.
//   el.plotted()                 the data currently drawn, copied into plain arrays:
//                                { x: number[], series: { id, label, y: (number|null)[] }[],
//                                  grid?: { x: number[], y: number[], values: number[] }  // row-major, values[j*x.length+i]
//                                  ...widget-specific extras }, or null before the first frame.
//   el.getState()                the current state as attribute strings, e.g. { fn: 'relu', ... }.
//   el.lastDrawDuration          milliseconds the last redraw took (compute + render).
//   'actlab-draw' event          dispatched on the element after every redraw (detail.duration).
// The trainer widgets add play(), pause() and trainingStats(); the playground also
// stepOnce(n), resetTraining(), metrics(), evaluate(), exports() and whenDataReady(), the
// comparison lab resetRuns(), runSummary() and whenFinished() (web/README.md, Test hooks).
import './widgets/register';

export * from './widgets/register';
export { ActlabWidget, defineOnce } from './widgets/shared/base';
export { setEmbedBase } from './widgets/shared/embed';
export type { Plotted, PlottedSeries } from './widgets/shared/base';

// The tutorial site loads web/widgets/site-entry.ts instead, which imports the
// trainer widgets on demand; this module (the embed bundle's entry) includes them.
import './widgets/playground';
import './widgets/compare'; // trainer widgets (issue 5)
