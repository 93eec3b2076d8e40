// A small static server for the built site, used by `npm start`, the browser
// tests and the Lighthouse benchmark. It behaves like a careful static host:
// - serves the site under its base path (ACTLAB_BASE at build time), "/x/" as
//   "/x/index.html" and "/x" as "/x.html" when that file exists, 404.html otherwise;
// - sends the strict Content-Security-Policy of the project, with the hashes of
//   the fixed inline scripts VitePress writes, computed from the built HTML
//   (never 'unsafe-inline' for scripts);
// - sends Access-Control-Allow-Origin: * so the embed bundle and its wasm load
//   from other origins;
// - gzips text responses, as any production host does;
// - sends a weak ETag with the files that are not under assets/ (pages, the
//   favicon, the worker, the data) and answers a matching If-None-Match with 304,
//   so they are revalidated without their body.
//
// CLI: node docs/.vitepress/serve.mjs [--root dir] [--base /sub/] [--port 4173] [--host 127.0.0.1] [--no-csp]
// It prints "ActLab site: http://host:port/base/" once it listens.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = fileURLToPath(new URL('.', import.meta.url));
export const DEFAULT_ROOT = join(here, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
};
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.wasm',
  '.svg',
  '.txt',
  '.xml',
  '.csv',
  '.ico',
]);

/** The CSP the project requires, plus the hash of every inline script found in the built HTML. */
export function contentSecurityPolicy(root) {
  const hashes = [...inlineScriptHashes(root)].sort();
  const scriptSrc = ["'self'", "'wasm-unsafe-eval'", ...hashes.map((h) => `'${h}'`)].join(' ');
  return `default-src 'self'; script-src ${scriptSrc}; style-src 'self' 'unsafe-inline'`;
}

export function inlineScriptHashes(root) {
  const hashes = new Set();
  for (const file of htmlFiles(root)) {
    const html = readFileSync(file, 'utf8');
    for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (/\bsrc\s*=/.test(match[1]) || match[2].length === 0) continue;
      if (/\btype\s*=\s*["']?(application\/(ld\+)?json|importmap)/i.test(match[1])) continue;
      hashes.add(`sha256-${createHash('sha256').update(match[2], 'utf8').digest('base64')}`);
    }
  }
  return hashes;
}

export function htmlFiles(root) {
  return readdirSync(root, { recursive: true })
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(root, f));
}

/** If-None-Match against a weak ETag: weak comparison, any entry of the list, or '*'. */
function matchesEtag(header, etag) {
  if (!header) return false;
  const bare = (tag) => tag.trim().replace(/^W\//, '');
  return String(header)
    .split(',')
    .some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

function normaliseBase(raw) {
  const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * Starts the server; resolves to { url, port, close() } once it listens.
 * options: root (built site), base, port (0 = any free port), host, csp (default true),
 * gzip (default true), log (function for one line per request, optional).
 */
export function startServer(options = {}) {
  const root = resolve(options.root ?? DEFAULT_ROOT);
  const base = normaliseBase(options.base ?? process.env.ACTLAB_BASE);
  const host = options.host ?? '127.0.0.1';
  if (!existsSync(join(root, 'index.html'))) {
    return Promise.reject(new Error(`no built site in ${root}: run npm run build first`));
  }
  const csp = options.csp === false ? undefined : contentSecurityPolicy(root);
  const gzip = options.gzip !== false;
  const cache = new Map();

  function load(file) {
    let entry = cache.get(file);
    if (!entry) {
      const body = readFileSync(file);
      const ext = extname(file);
      entry = {
        body,
        gz: gzip && COMPRESSIBLE.has(ext) && body.length > 256 ? gzipSync(body, { level: 9 }) : undefined,
        // weak: the gzip and the plain response are the same file
        etag: `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      };
      cache.set(file, entry);
    }
    return entry;
  }

  function resolveFile(pathname) {
    const inside = (p) => p === root || p.startsWith(root + sep);
    const candidate = normalize(join(root, pathname));
    if (!inside(candidate)) return undefined;
    const tries = pathname.endsWith('/')
      ? [join(candidate, 'index.html')]
      : [candidate, `${candidate}.html`, join(candidate, 'index.html')];
    return tries.find((p) => inside(p) && existsSync(p) && statSync(p).isFile());
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      pathname = '\0';
    }
    const headers = { 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff' };
    if (csp) headers['Content-Security-Policy'] = csp;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    if (base !== '/' && (pathname === base.slice(0, -1) || pathname === '/')) {
      res.writeHead(302, { ...headers, Location: base }).end();
      return;
    }
    let status = 200;
    let file =
      pathname.startsWith(base) && !pathname.includes('\0') ? resolveFile(pathname.slice(base.length - 1)) : undefined;
    if (!file) {
      status = 404;
      file = join(root, '404.html');
      if (!existsSync(file)) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('404 页面未找到');
        return;
      }
    }
    const ext = extname(file);
    const { body, gz, etag } = load(file);
    const useGzip = gz && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const immutable = pathname.includes('/assets/');
    Object.assign(headers, {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      Vary: 'Accept-Encoding',
    });
    // Hashed assets are never revalidated, so only the no-cache files get an ETag.
    if (status === 200 && !immutable) {
      headers.ETag = etag;
      if (matchesEtag(req.headers['if-none-match'], etag)) {
        res.writeHead(304, headers).end();
        options.log?.(`304 ${req.method} ${url.pathname}`);
        return;
      }
    }
    if (useGzip) headers['Content-Encoding'] = 'gzip';
    const payload = useGzip ? gz : body;
    headers['Content-Length'] = String(payload.length);
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
    options.log?.(`${status} ${req.method} ${url.pathname}`);
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address();
      resolvePromise({
        url: `http://${host}:${port}${base}`,
        origin: `http://${host}:${port}`,
        port,
        base,
        csp,
        close: () => new Promise((done) => server.close(() => done())),
        server,
      });
    });
  });
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--root') options.root = value();
    else if (arg === '--base') options.base = value();
    else if (arg === '--port') options.port = Number(value());
    else if (arg === '--host') options.host = value();
    else if (arg === '--no-csp') options.csp = false;
    else if (arg === '--no-gzip') options.gzip = false;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const server = await startServer({ port: 4173, ...options });
    console.log(`ActLab site: ${server.url}`);
    const stop = () => server.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    console.error(`serve: ${error.message}`);
    process.exit(1);
  }
}
