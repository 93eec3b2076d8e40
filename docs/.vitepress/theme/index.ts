// The ActLab theme: VitePress's default theme plus
// - every Vue component in ./components registered globally (by file name),
// - the word tokenizer for the local search, installed in the browser only,
// - the widget library (web/index.ts, which defines the <actlab-*> elements and
//   loads the wasm module), imported in the browser only and only on pages that
//   contain an <actlab-*> element, so other pages stay light.
import type { Component } from 'vue';
import { nextTick, onMounted, watch } from 'vue';
import { useRoute, type Theme } from 'vitepress';
import DefaultTheme from './default-theme';
import { tokenizeForSearch } from '../search-tokenizer';
import { fitOwnEmbedFrames } from './embed-frames';
import './custom.css';
// each widget's loading height, reserved before its element is defined (placeholder-heights.ts)
import 'virtual:actlab-placeholders.css';

const components = import.meta.glob<{ default: Component }>('./components/*.vue', { eager: true });

// The widget library's site entry: web/widgets/site-entry.ts imports each widget's chunk
// only where a page uses that widget; web/index.ts (the embed bundle's entry, everything
// in one module) is the fallback.
const siteEntries = import.meta.glob(['../../../web/widgets/site-entry.ts', '../../../web/index.ts']);
const widgetLibrary = Object.fromEntries(
  Object.entries(siteEntries)
    .sort(([a], [b]) => Number(b.endsWith('site-entry.ts')) - Number(a.endsWith('site-entry.ts')))
    .slice(0, 1),
);

let widgetsRequested = false;

function pageHasWidget(): boolean {
  const all = document.body.getElementsByTagName('*');
  for (let i = 0; i < all.length; ++i) {
    if (all[i].localName.startsWith('actlab-')) return true;
  }
  return false;
}

// The home layout has no <main> landmark; give its container the role (the SSR
// HTML gets it in config.mts transformHtml, client-side navigation gets it here).
function markHomeAsMain(): void {
  document.querySelector('.VPHome:not([role])')?.setAttribute('role', 'main');
}

function loadWidgetsIfNeeded(): void {
  if (widgetsRequested || !pageHasWidget()) return;
  widgetsRequested = true;
  for (const load of Object.values(widgetLibrary)) {
    load().catch((error: unknown) => {
      widgetsRequested = false;
      console.error('ActLab: 无法加载交互组件', error);
    });
  }
}

// VitePress's outline builds a CSS selector from the decoded location.hash without
// escaping it, so a hand-made hash such as #"><x> makes querySelector throw (a
// console error, nothing runs). Our headings' ids never need quotes, backslashes
// or broken %-escapes, so such a hash is dropped from the address before the
// theme reads it, on load and on every later hash change.
function dropUnusableHash(): void {
  const hash = location.hash;
  if (!hash) return;
  try {
    document.createDocumentFragment().querySelector(`a[href="${decodeURIComponent(hash)}"]`);
  } catch {
    history.replaceState(history.state, '', location.pathname + location.search);
  }
}

interface SearchThemeConfig {
  search?: { provider?: string; options?: { miniSearch?: { options?: Record<string, unknown> } } };
}

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app, siteData }) {
    for (const [path, module] of Object.entries(components)) {
      const name = path.replace(/^.*\/([^/]+)\.vue$/, '$1');
      app.component(name, module.default);
    }
    if (!import.meta.env.SSR) {
      dropUnusableHash();
      window.addEventListener('hashchange', dropUnusableHash, { capture: true });
      const search = (siteData.value.themeConfig as SearchThemeConfig).search;
      if (search?.provider === 'local') {
        search.options ??= {};
        search.options.miniSearch ??= {};
        search.options.miniSearch.options = { ...search.options.miniSearch.options, tokenize: tokenizeForSearch };
      }
    }
  },
  setup() {
    if (import.meta.env.SSR) return;
    const route = useRoute();
    onMounted(() => {
      // the guide's live example iframes take the height their embed page reports
      // (the embed pages run without this app: docs/.vitepress/embed-pages.ts)
      fitOwnEmbedFrames();
      loadWidgetsIfNeeded();
      markHomeAsMain();
      // Offline use from the first visit to any page, not only to pages with widgets.
      void import('../../../web/widgets/shared/offline');
      watch(
        () => route.path,
        () =>
          nextTick(() => {
            loadWidgetsIfNeeded();
            markHomeAsMain();
          }),
      );
    });
  },
};

export default theme;
import './fixes.css';
