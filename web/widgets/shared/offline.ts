// Registers the offline service worker (docs/public/sw.js) on the tutorial site.
// Imported by web/widgets/site-entry.ts only, never by the embed bundle, and it
// also checks at run time that this code was served by the page's own origin,
// so a copy of the widgets running on another site never installs a worker there.

declare global {
  interface ImportMeta {
    readonly env?: { readonly BASE_URL?: string };
  }
}

/** The site's base path ('/' or '/sub/'), as Vite's BASE_URL gives it at build time. */
function siteBase(): string {
  let base: string | undefined;
  try {
    base = import.meta.env?.BASE_URL;
  } catch {
    base = undefined;
  }
  if (!base || !base.startsWith('/')) return '/';
  return base.endsWith('/') ? base : `${base}/`;
}

export function registerOfflineWorker(): void {
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return;
  if (!('serviceWorker' in navigator)) return;
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return;
  if (new URL(import.meta.url, location.href).origin !== location.origin) return;
  const base = siteBase();
  if (!location.pathname.startsWith(base)) return;
  const start = () => {
    navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch((error: unknown) => {
      // Offline use is an extra: the site works without it.
      console.warn('ActLab: offline worker not registered', error);
    });
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}

registerOfflineWorker();
