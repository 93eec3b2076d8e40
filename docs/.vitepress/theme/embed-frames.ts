// The site's own pages that show embed pages in iframes (the guide's live examples,
// iframe.actlab-guide-frame) size each frame to the height its page reports, as
// public/embed/actlab-resize.js does on a teacher's page.
//
// The message is the one web/widgets/shared/embed-height.ts posts. Its type is written
// out here rather than imported: whatever the theme imports goes into the theme chunk,
// and the embed pages, which load that module without the theme, would then download
// the theme and Vue with it (docs/.vitepress/embed-pages.ts). tests/browser/embed.test.mjs
// checks that the guide's frames take the reported height.
const HEIGHT_MESSAGE = 'actlab:embed-height';

/**
 * On the site's own pages (the guide's live example), sizes each iframe that shows one
 * of the site's embed pages to the height it reports, as actlab-resize.js does on a
 * teacher's page: same origin only, the right shape only, the sending frame only.
 */
export function fitOwnEmbedFrames(): () => void {
  const onMessage = (event: MessageEvent) => {
    if (event.origin !== location.origin) return;
    const data = event.data as { type?: unknown; height?: unknown } | null;
    if (!data || data.type !== HEIGHT_MESSAGE || typeof data.height !== 'number' || !Number.isFinite(data.height))
      return;
    for (const frame of document.querySelectorAll<HTMLIFrameElement>('iframe.actlab-guide-frame')) {
      if (frame.contentWindow === event.source) {
        // the theme sizes boxes by their border box; the reported height is the content's
        frame.style.boxSizing = 'content-box';
        frame.style.height = `${Math.round(Math.min(20000, Math.max(100, data.height)))}px`;
      }
    }
  };
  window.addEventListener('message', onMessage);
  return () => window.removeEventListener('message', onMessage);
}
