// The standalone embed pages (docs/embed/*.md, <main class="actlab-embed">) tell
// the page that frames them how tall their content is, so a teacher's page can
// size the iframe to fit (docs/guide/embedding.md, public/embed/actlab-resize.js).
// The site entry (site-entry.ts) starts the reporting; on every other page, and
// outside a frame, it does nothing.
//
// Message, posted to the parent window whenever the height changes and in answer
// to { type: 'actlab:embed-height-request' } from the parent:
//   { type: 'actlab:embed-height', height: <whole CSS pixels>, page: <embed path> }
// It says nothing private (the height and the page's own path), so it goes to
// any origin ('*'); the receiver checks the sender's origin and the shape.

export const HEIGHT_MESSAGE = 'actlab:embed-height';
export const HEIGHT_REQUEST = 'actlab:embed-height-request';

/** Starts reporting when this page is an embed page inside a frame; returns a function that stops it. */
export function reportEmbedHeight(): () => void {
  const main = document.querySelector<HTMLElement>('main.actlab-embed');
  if (!main || window.parent === window) return () => {};
  let last = -1;
  let frame = 0;
  const post = (force: boolean) => {
    frame = 0;
    const height = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY);
    if (!force && height === last) return;
    last = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height, page: location.pathname }, '*');
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(() => post(false));
  };
  const observer = new ResizeObserver(schedule);
  observer.observe(main);
  const onMessage = (event: MessageEvent) => {
    if (event.source === window.parent && (event.data as { type?: unknown } | null)?.type === HEIGHT_REQUEST)
      post(true);
  };
  window.addEventListener('message', onMessage);
  post(true);
  return () => {
    observer.disconnect();
    window.removeEventListener('message', onMessage);
    if (frame) cancelAnimationFrame(frame);
  };
}
