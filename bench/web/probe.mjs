// A quicker look than `npm run bench:web` at where a page's load time and bytes go:
//   node bench/web/probe.mjs 05-losses/index.html guide/embedding.html
// For each page, one Lighthouse run (default mobile settings, as in run.mjs) on the
// built site served with gzip and the strict CSP, printing the scores, TBT, LCP,
// every request with its transferred (gzip) size, and the main-thread attribution:
// long tasks, bootup time per script and the main-thread work breakdown.
import lighthouse from 'lighthouse';
import { launchLighthouseChrome } from './lighthouse-chrome.mjs';
import { startServer } from '../../docs/.vitepress/serve.mjs';
import { siteRoot } from '../../tests/browser/harness.mjs';

const pages = process.argv.slice(2);
if (pages.length === 0) pages.push('02-activations/index.html');

const server = await startServer({ root: siteRoot, port: 0 });
const chrome = await launchLighthouseChrome('actlab-probe-');
const kb = (b) => (b / 1024).toFixed(1);
try {
  for (const path of pages) {
    const { lhr } = await lighthouse(server.url + path, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
    });
    const audit = (id) => lhr.audits[id];
    console.log(`\n=== ${path}: performance ${Math.round(lhr.categories.performance.score * 100)}`);
    for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'speed-index'])
      console.log(`  ${id}: ${audit(id).displayValue}`);
    const lcpElement = audit('largest-contentful-paint-element')?.details?.items?.[0]?.items?.[0]?.node;
    if (lcpElement) console.log(`  LCP element: ${lcpElement.snippet} (${lcpElement.nodeLabel})`);
    const requests = audit('network-requests').details.items;
    let total = 0;
    console.log('  requests (KB sent, priority, start–end ms):');
    for (const r of requests) {
      total += r.transferSize ?? 0;
      console.log(
        `    ${kb(r.transferSize ?? 0).padStart(7)}  ${String(r.priority).padEnd(8)} ${Math.round(r.networkRequestTime)}–${Math.round(r.networkEndTime)}  ${r.url.replace(server.url, '/')}`,
      );
    }
    console.log(`    total ${kb(total)} KB in ${requests.length} requests`);
    console.log('  long tasks (ms, start):');
    for (const t of audit('long-tasks').details?.items ?? [])
      console.log(
        `    ${Math.round(t.duration)} at ${Math.round(t.startTime)}  ${String(t.url).replace(server.url, '/')}`,
      );
    console.log('  bootup time per script (total / scripting / parse+compile ms):');
    for (const t of audit('bootup-time').details?.items ?? [])
      console.log(
        `    ${Math.round(t.total)} / ${Math.round(t.scripting)} / ${Math.round(t.scriptParseCompile)}  ${String(t.url).replace(server.url, '/')}`,
      );
    console.log('  main-thread work:');
    for (const t of audit('mainthread-work-breakdown').details?.items ?? [])
      console.log(`    ${Math.round(t.duration)}  ${t.groupLabel}`);
  }
} finally {
  await chrome.close();
  await server.close();
}
