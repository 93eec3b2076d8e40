// The entry for the tutorial site (VitePress theme): the five function widgets
// at once, and the larger trainer widgets (issue 5) only on pages that use
// them — imported the first time an <actlab-playground> or <actlab-compare> is
// in the document. This keeps a chapter's first load small. The embed bundle
// uses web/index.ts instead, which includes everything in one module.
import { defineOnDemand } from './shared/lazy';

export * from './register';
export { setEmbedBase } from './shared/embed';

defineOnDemand({
  'actlab-playground': () => import('./playground'),
  'actlab-compare': () => import('./compare'),
});
import './shared/offline';
