// Downloads for the trainer widgets: a Blob saved under a file name, and several
// canvases composed side by side into one PNG. (A blob: link with `download` is a
// plain navigation, so it works under the site's strict CSP.)

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Draws the canvases left to right on a background and saves the result as a PNG. */
export function downloadCanvasesPng(
  canvases: readonly HTMLCanvasElement[],
  background: string,
  name: string,
  done?: () => void,
): boolean {
  const sources = canvases.filter((c) => c.width > 0 && c.height > 0);
  if (!sources.length) return false;
  const gap = 10;
  const width = sources.reduce((s, c) => s + c.width + gap, gap);
  const height = Math.max(...sources.map((c) => c.height)) + 2 * gap;
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  let x = gap;
  for (const c of sources) {
    ctx.drawImage(c, x, gap);
    x += c.width + gap;
  }
  out.toBlob((blob) => {
    if (blob) download(blob, name);
    done?.();
  });
  return true;
}
