// VitePress's default theme draws its icons with CSS mask images written as
// data: URLs. The project's CSP (default-src 'self', no img-src) blocks data:
// images, so after the build every inline SVG in the built CSS is written to
// assets/icons/<hash>.svg and the CSS points to that file instead. The URLs are
// relative to the stylesheet, so they work under any base path.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

// url("data:image/svg+xml,...") with double quotes (the payload may hold single quotes), single quotes, or none.
const DATA_SVG =
  /url\(\s*(?:"data:image\/svg\+xml(;base64)?,([^"]*)"|'data:image\/svg\+xml(;base64)?,([^']*)'|data:image\/svg\+xml(;base64)?,([^)'"]*))\s*\)/g;

function decodeSvg(payload: string, base64: boolean): string {
  return base64 ? Buffer.from(payload, 'base64').toString('utf8') : decodeURIComponent(payload).trim();
}

/** Rewrites every CSS file under outDir; returns how many data: URLs were replaced. */
export function externaliseDataIcons(outDir: string): number {
  const iconDir = join(outDir, 'assets', 'icons');
  let replaced = 0;
  const cssFiles = readdirSync(outDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.css') && !f.split(sep).includes('embed'))
    .map((f) => join(outDir, f));
  for (const file of cssFiles) {
    const css = readFileSync(file, 'utf8');
    const rewritten = css.replace(DATA_SVG, (_match, b1, p1, b2, p2, b3, p3) => {
      const svg = decodeSvg(p1 ?? p2 ?? p3 ?? '', Boolean(b1 ?? b2 ?? b3));
      const name = `${createHash('sha256').update(svg).digest('hex').slice(0, 10)}.svg`;
      const target = join(iconDir, name);
      if (!existsSync(target)) {
        mkdirSync(iconDir, { recursive: true });
        writeFileSync(target, svg);
      }
      replaced += 1;
      const url = relative(dirname(file), target).split(sep).join('/');
      return `url("${url}")`;
    });
    if (rewritten !== css) writeFileSync(file, rewritten);
  }
  return replaced;
}
