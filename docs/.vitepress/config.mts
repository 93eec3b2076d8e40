// VitePress configuration of the ActLab site (激活函数实验室).
//
// Constraints this file serves:
// - Chinese UI throughout (lang zh-CN and every label of the default theme).
// - A strict Content-Security-Policy on the built site: script-src 'self' 'wasm-unsafe-eval'.
//   metaChunk moves the site data out of an inline script, and nothing in themeConfig
//   may be a function (VitePress revives functions with new Function).
// - Any static host and any sub-path: the base comes from ACTLAB_BASE (default "/").
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type MarkdownRenderer, type Plugin } from 'vitepress';
import { docsearchButtonOnly } from './docsearch-button-css';
import { preloadHelperChunk, withoutDocsApp, withoutEmptyIconSheet } from './embed-pages';
import { externaliseDataIcons } from './externalise-icons';
import { shareMathGlyphs } from './math-glyphs';
import { asHydrated } from './hydrated-layout';
import { buildSidebar } from './sidebar';
import { tokenizeForSearch } from './search-tokenizer';
import { mathNowrap } from './math-nowrap.mjs';
import { FORMULA_LABEL, formulaMarkup } from './math-markup.mjs';
import { placeholderHeights } from './placeholder-heights';
import { uplotLazyIntl } from '../../web/uplot-lazy-intl';
import { minifyCssStrings } from '../../web/minify-css-strings';

const srcDir = fileURLToPath(new URL('..', import.meta.url));

/** "/", or "/sub/path/" with exactly one slash at each end. */
export function normaliseBase(raw: string | undefined): string {
  const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

const base = normaliseBase(process.env.ACTLAB_BASE);

/** Each formula in the text in the markup of math-markup.mjs: its TeX for screen readers, and attributes Vue knows. */
function formulasForReadersAndVue(md: MarkdownRenderer): void {
  for (const rule of ['math_inline', 'math_block'] as const) {
    const render = md.renderer.rules[rule];
    if (!render) throw new Error('config: markdown-it-mathjax3 did not install its rules');
    md.renderer.rules[rule] = (tokens, idx, options, env, self) =>
      formulaMarkup(render(tokens, idx, options, env, self), tokens[idx].content);
  }
}

// The search index is built in Node with the word tokenizer; the same object is
// part of themeConfig, which VitePress serialises into the site data after the
// client bundle is written. The plugin below takes the function out once the
// client bundle (and with it the index) is done, so the metadata chunk holds
// plain JSON; theme/index.ts puts the tokenizer back in the browser.
/**
 * Preload hints for the standalone embed pages, where the widget is the whole
 * page: the wasm build the widget loads and its glue chunk, the site entry and
 * the chunks it imports (the widget base), and the page's widget chunk with the
 * chunks it imports (uPlot). Without them the browser finds
 * these only after the app has hydrated, two round trips later.
 */
function widgetPreloads(outDir: string, widget: string): [string, Record<string, string>][] {
  const assets = join(outDir, 'assets');
  const chunks = join(assets, 'chunks');
  if (!existsSync(chunks)) return [];
  // Two builds of the module may exist: actlab (with the trainer) and actlab-functions.
  // The trainer widgets (static usesTrainer in web/widgets) need the full one.
  const wasmFiles = readdirSync(assets).filter((f) => /^actlab(-functions)?\.[\w-]+\.wasm$/.test(f));
  const usesTrainer = widget === 'playground' || widget === 'compare';
  const wasm =
    (!usesTrainer && wasmFiles.find((f) => f.startsWith('actlab-functions.'))) ||
    wasmFiles.find((f) => f.startsWith('actlab.'));
  if (!wasm) return [];
  const js = readdirSync(chunks).filter((f) => f.endsWith('.js'));
  const read = (f: string) => readFileSync(join(chunks, f), 'utf8');
  const staticImports = (f: string) =>
    [...read(f).matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)].map((m) => m[1]).filter((x) => js.includes(x));
  const glue = js.find((f) => read(f).includes(wasm));
  const entry = js.find((f) => f.startsWith('site-entry.'));
  // the page's own widget chunk (web/widgets/<widget>.ts)
  const own = js.find((f) => f.startsWith(`${widget}.`));
  const tags: [string, Record<string, string>][] = [
    ['link', { rel: 'preload', href: `${base}assets/${wasm}`, as: 'fetch', type: 'application/wasm', crossorigin: '' }],
  ];
  const preload = [entry, ...(entry ? staticImports(entry) : []), glue, own, ...(own ? staticImports(own) : [])];
  for (const chunk of new Set(preload.filter((c): c is string => !!c)))
    tags.push(['link', { rel: 'modulepreload', href: `${base}assets/chunks/${chunk}` }]);
  // The widget is all there is to see on an embed page, and the docs app is not loaded there
  // (embed-pages.ts): this tag runs the site entry, as soon as it has arrived (async).
  if (entry) tags.push(['script', { type: 'module', async: '', src: `${base}assets/chunks/${entry}` }]);
  return tags;
}

const miniSearchOptions: { tokenize?: (text: string) => string[] } = { tokenize: tokenizeForSearch };

const dropTokenizerAfterIndexing: Plugin = {
  name: 'actlab:drop-search-tokenizer',
  apply: 'build',
  closeBundle() {
    delete miniSearchOptions.tokenize;
  },
};

export default defineConfig({
  lang: 'zh-CN',
  title: 'ActLab 激活函数实验室',
  description: '交互式中文教程：神经网络的激活函数与损失函数，边读边动手。',
  base,
  srcDir,
  // ACTLAB_LIGHT_BUILD=1 (tests only) leaves out the chapter sections, for a quick build that
  // still has the home page, every chapter introduction, the guide and the embed pages.
  srcExclude: ['**/README.md', ...(process.env.ACTLAB_LIGHT_BUILD === '1' ? ['[0-9][0-9]-*/[0-9][0-9]-*.md'] : [])],
  metaChunk: true,
  transformHead({ pageData, siteConfig }) {
    const embed = /^embed\/([\w-]+)\.md$/.exec(pageData.relativePath);
    return embed ? widgetPreloads(siteConfig.outDir, embed[1]) : [];
  },
  transformHtml(html, _file, { page, siteConfig }) {
    // the home layout has no <main> landmark (theme/index.ts does the same after client navigation)
    let out = html.replace(/<div class="VPHome\b([^"]*)"/, '<div class="VPHome$1" role="main"');
    out = withoutEmptyIconSheet(out, base, siteConfig.site.themeConfig.socialLinks);
    // an embed page is the widget alone: it runs without the docs app (embed-pages.ts)
    if (/^embed\/[\w-]+\.md$/.test(page)) out = withoutDocsApp(out, base, page);
    // the layout classes the theme sets only after hydrating, so that nothing moves then
    else out = asHydrated(out, page, base);
    return out;
  },
  buildEnd(siteConfig) {
    externaliseDataIcons(siteConfig.outDir);
  },
  lastUpdated: true,
  // The dark-mode switch as VueUse's useDark makes it, less one thing: by default it adds
  // a style sheet and forces a style recalculation of the whole page each time it sets
  // the mode, which it does twice while every page hydrates (over 100 ms of main thread
  // on a long chapter at phone speed). Without it, switching modes fades the colours
  // (the theme's own transitions) instead of snapping.
  appearance: { disableTransition: false },
  cleanUrls: false,
  // No <link rel="prefetch"> of the pages linked from the visible part of a page: they
  // cost a first visit bytes for pages the reader may never open (a chapter index
  // prefetched its four sections, 140 KB). Navigation still loads a page's chunk on
  // click, and the offline worker caches the whole site after the first visit.
  router: { prefetchLinks: false },
  // A dead link does not abort the build (that would stop every test suite at once);
  // tests/browser/pages.test.mjs follows every internal link of every built page
  // and fails on each one that does not resolve. ACTLAB_STRICT_LINKS=1 makes
  // VitePress's own check fatal again.
  ignoreDeadLinks: process.env.ACTLAB_STRICT_LINKS !== '1',
  head: [
    ['link', { rel: 'icon', href: `${base}favicon.ico`, sizes: '32x32' }],
    ['link', { rel: 'icon', href: `${base}favicon.svg`, type: 'image/svg+xml' }],
    ['meta', { name: 'theme-color', content: '#3451b2' }],
  ],
  markdown: {
    math: true,
    // High-contrast code colours: the default github themes miss WCAG AA contrast for comments.
    theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
    config(md) {
      formulasForReadersAndVue(md);
      mathNowrap(md);
      // each page's glyph outlines once, in its HTML and in its JavaScript chunk (math-glyphs.ts)
      const render = md.render.bind(md);
      md.render = (src, env) => shareMathGlyphs(render(src, env));
    },
  },
  vue: {
    template: {
      compilerOptions: {
        isCustomElement: (tag: string) => tag.startsWith('actlab-'),
      },
    },
  },
  vite: {
    plugins: [
      dropTokenizerAfterIndexing,
      placeholderHeights,
      uplotLazyIntl,
      minifyCssStrings,
      docsearchButtonOnly,
      preloadHelperChunk,
    ],
    // theme/overrides: the nav menu with a Chinese landmark label, and the last-updated
    // line without Intl.DateTimeFormat
    resolve: {
      alias: [
        {
          find: /^.*\/VPNavBarMenu\.vue$/,
          replacement: fileURLToPath(new URL('./theme/overrides/NavBarMenu.vue', import.meta.url)),
        },
        {
          find: /^.*\/VPDocFooterLastUpdated\.vue$/,
          replacement: fileURLToPath(new URL('./theme/overrides/DocFooterLastUpdated.vue', import.meta.url)),
        },
      ],
    },
    server: { host: '127.0.0.1' },
    build: { chunkSizeWarningLimit: 700 },
  },
  themeConfig: {
    // width and height reserve the logo's place before the image arrives (the title beside it stays put)
    logo: { src: '/favicon.svg', alt: '', width: 24, height: 24 },
    siteTitle: 'ActLab 激活函数实验室',
    nav: [
      { text: '教程', link: '/01-why/', activeMatch: '^/\\d\\d-' },
      { text: '嵌入指南', link: '/guide/embedding' },
    ],
    sidebar: buildSidebar(srcDir),
    outline: { level: [2, 3], label: '本页目录' },
    docFooter: { prev: '上一页', next: '下一页' },
    lastUpdated: {
      text: '最后更新于',
      // the date itself is written by theme/overrides/DocFooterLastUpdated.vue (2026年11月24日 08:56)
    },
    darkModeSwitchLabel: '外观',
    lightModeSwitchTitle: '切换到浅色模式',
    darkModeSwitchTitle: '切换到深色模式',
    sidebarMenuLabel: '目录',
    returnToTopLabel: '回到顶部',
    langMenuLabel: '切换语言',
    skipToContentLabel: '跳到正文',
    externalLinkIcon: true,
    notFound: {
      code: '404',
      title: '页面未找到',
      quote: '这个地址没有对应的页面。它可能已经移动，或者链接有误。',
      linkLabel: '返回首页',
      linkText: '返回首页',
    },
    footer: {
      message:
        '数据来源：手写数字数据集（Optical Recognition of Handwritten Digits，E. Alpaydin 与 C. Kaynak，1998）与鸢尾花数据集（R. A. Fisher，1936），均取自 UCI 机器学习库，CC BY 4.0 许可，文件来自 scikit-learn 1.2.1。',
      copyright: 'ActLab 激活函数实验室 · MIT 许可',
    },
    search: {
      provider: 'local',
      options: {
        // A formula's TeX (math-markup.mjs) is there for screen readers; search results show the text around it.
        _render(src, env, md) {
          const html = md.render(src, env);
          return env.frontmatter?.search === false ? '' : html.replace(FORMULA_LABEL, '');
        },
        miniSearch: {
          options: miniSearchOptions,
          searchOptions: { combineWith: 'AND', prefix: true, fuzzy: 0.2 },
        },
        translations: {
          button: { buttonText: '搜索', buttonAriaLabel: '搜索文档' },
          modal: {
            displayDetails: '显示详细列表',
            resetButtonTitle: '清除查询',
            backButtonTitle: '关闭搜索',
            noResultsText: '没有找到相关结果',
            footer: {
              selectText: '选择',
              selectKeyAriaLabel: '回车键',
              navigateText: '切换',
              navigateUpKeyAriaLabel: '上方向键',
              navigateDownKeyAriaLabel: '下方向键',
              closeText: '关闭',
              closeKeyAriaLabel: 'Esc 键',
            },
          },
        },
      },
    },
  },
});
