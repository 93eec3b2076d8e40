// The 嵌入 (embed) button: it copies two snippets that reproduce the widget as
// the reader sees it — an iframe of the standalone page /embed/<widget>.html?<state>
// (with .html, so the address works on any static host)
// and the direct-use form (the embed bundle plus the element with its
// attributes). The clipboard API is tried first; the snippets are also shown in
// read-only text areas, so they can be copied by hand when the clipboard is
// unavailable (e.g. an insecure context or an iframe without permission).

let configuredBase: string | null = null;

/**
 * Sets the site root (origin + base path, ending in "/") used in the snippets.
 * Otherwise it comes from `<meta name="actlab-base" content="https://host/base/">`
 * (a relative content is resolved against the page), or from where this script
 * was loaded: `<root>assets/...` (the site's own chunks) or `<root>embed/...`
 * (the embed bundle).
 */
export function setEmbedBase(root: string): void {
  configuredBase = root.endsWith('/') ? root : `${root}/`;
}

export function siteRoot(): string {
  if (configuredBase) return configuredBase;
  const meta = document.querySelector<HTMLMetaElement>('meta[name="actlab-base"]');
  if (meta?.content) {
    const url = new URL(meta.content, location.href).href;
    return url.endsWith('/') ? url : `${url}/`;
  }
  try {
    const script = new URL(import.meta.url);
    if (script.protocol === 'http:' || script.protocol === 'https:') {
      const path = script.pathname;
      for (const marker of ['/assets/', '/embed/']) {
        const at = path.lastIndexOf(marker);
        if (at >= 0) return `${script.origin}${path.slice(0, at + 1)}`;
      }
    }
  } catch {
    // import.meta.url is not a URL in some test set-ups: fall through
  }
  return `${location.origin}/`;
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface EmbedSnippets {
  iframe: string;
  direct: string;
}

/**
 * The iframe height (px) of each embed page's snippet: its whole content in its
 * default state at 800 px wide (a typical course page), with some room for a
 * longer legend or a notice. tests/browser/embed.test.mjs measures the pages
 * and fails when one no longer fits. The embed pages also report their height
 * to the framing page (embed-height.ts), which can size
 * the iframe exactly with /embed/actlab-resize.js (docs/guide/embedding.md).
 */
export const EMBED_PAGE_HEIGHTS = {
  activation: 720,
  loss: 780,
  neuron: 730,
  descent: 780,
  chain: 720,
  playground: 2320,
  compare: 1160,
} as const satisfies Record<string, number>;

export type EmbedPage = keyof typeof EMBED_PAGE_HEIGHTS;

/** The two snippets for a widget with the given non-default attributes. */
export function embedSnippets(
  widget: EmbedPage,
  tag: string,
  title: string,
  attributes: readonly [string, string][],
  root = siteRoot(),
): EmbedSnippets {
  const query = new URLSearchParams(attributes.map(([k, v]) => [k, v])).toString();
  const src = `${root}embed/${widget}.html${query ? `?${query}` : ''}`;
  const frameHeight = EMBED_PAGE_HEIGHTS[widget];
  const iframe =
    `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(title)}" ` +
    `width="100%" height="${frameHeight}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
  const attrs = attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  const direct =
    `<script type="module" src="${escapeAttribute(`${root}embed/actlab-embed.js`)}"></script>\n` +
    `<${tag}${attrs}></${tag}>`;
  return { iframe, direct };
}

interface PermissionsPolicy {
  allowsFeature(feature: string): boolean;
}

/**
 * Whether this document may write to the clipboard. An iframe on another origin
 * may not unless its tag allows it (allow="clipboard-write"); asking anyway logs
 * a permissions-policy error in the console, so the snippets are then only shown.
 */
function clipboardAllowed(): boolean {
  const doc = document as Document & { permissionsPolicy?: PermissionsPolicy; featurePolicy?: PermissionsPolicy };
  const policy = doc.permissionsPolicy ?? doc.featurePolicy;
  return policy ? policy.allowsFeature('clipboard-write') : true;
}

/** Builds the button and its panel; returns them and a function that frees the listeners. */
export function createEmbedControl(
  makeSnippets: () => EmbedSnippets,
  idPrefix: string,
): { button: HTMLButtonElement; panel: HTMLElement; dispose: () => void } {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = '嵌入';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', `${idPrefix}-embed`);
  button.title = '复制嵌入代码（iframe 与直接使用两种写法）';

  const panel = document.createElement('div');
  panel.className = 'embed-panel';
  panel.id = `${idPrefix}-embed`;
  panel.hidden = true;
  const status = document.createElement('p');
  status.className = 'hint';
  status.setAttribute('role', 'status');
  const iframeLabel = document.createElement('label');
  iframeLabel.textContent = 'iframe 写法';
  iframeLabel.htmlFor = `${idPrefix}-embed-iframe`;
  const iframeText = document.createElement('textarea');
  iframeText.id = `${idPrefix}-embed-iframe`;
  iframeText.readOnly = true;
  const directLabel = document.createElement('label');
  directLabel.textContent = '直接使用（脚本 + 元素）';
  directLabel.htmlFor = `${idPrefix}-embed-direct`;
  const directText = document.createElement('textarea');
  directText.id = `${idPrefix}-embed-direct`;
  directText.readOnly = true;
  panel.append(status, iframeLabel, iframeText, directLabel, directText);

  const onClick = async () => {
    const open = panel.hidden;
    if (!open) {
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    const snippets = makeSnippets();
    iframeText.value = snippets.iframe;
    directText.value = snippets.direct;
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    const both = `${snippets.iframe}\n\n${snippets.direct}`;
    try {
      if (!navigator.clipboard?.writeText || !clipboardAllowed()) throw new Error('no clipboard');
      await navigator.clipboard.writeText(both);
      status.textContent = '已复制两段嵌入代码到剪贴板；也可以从下面手动复制。';
    } catch {
      status.textContent = '无法自动复制到剪贴板，请从下面的文本框手动复制。';
      iframeText.focus();
      iframeText.select();
    }
  };
  const onSelect = (event: Event) => (event.target as HTMLTextAreaElement).select();
  button.addEventListener('click', onClick);
  iframeText.addEventListener('focus', onSelect);
  directText.addEventListener('focus', onSelect);
  return {
    button,
    panel,
    dispose() {
      button.removeEventListener('click', onClick);
      iframeText.removeEventListener('focus', onSelect);
      directText.removeEventListener('focus', onSelect);
    },
  };
}
