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

// Installing the worker downloads the whole site (about 200 files) for later visits.
// That is background work, and it must not compete with this page's own start-up,
// which goes on after the load event: the widgets' code, the wasm module, the first
// drawings and, on the lab pages, the first training steps. So the worker is
// registered once the page has been quiet, with no main-thread task of 50 ms or more
// for QUIET_MS, and in any case MAX_WAIT_MS after the load event (a page that keeps
// training may never be quiet). Measured in Lighthouse (phone settings, 4 runs
// each), registering at the load event against this: the precache ran during the
// page's start-up and slowed it, total blocking time median 162 against 48 ms on
// 07-lab/01-playground, 138 against 44 ms on 01-why/02-linear-collapse.
export const QUIET_MS = 3000;
export const MAX_WAIT_MS = 20000;

/** Calls `run` (in an idle callback) once the page has had no long task for QUIET_MS, or after MAX_WAIT_MS. */
export function whenQuiet(run: () => void): void {
  let quietTimer = 0;
  let observer: PerformanceObserver | undefined;
  const finish = () => {
    window.clearTimeout(quietTimer);
    window.clearTimeout(deadline);
    observer?.disconnect();
    if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2000 });
    else run();
  };
  const restart = () => {
    window.clearTimeout(quietTimer);
    quietTimer = window.setTimeout(finish, QUIET_MS);
  };
  const deadline = window.setTimeout(finish, MAX_WAIT_MS);
  if (typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
    observer = new PerformanceObserver(restart);
    observer.observe({ type: 'longtask' });
  }
  restart();
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
  const afterLoad = () => whenQuiet(start);
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
}

registerOfflineWorker();
