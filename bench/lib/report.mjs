// Formatting of the benchmark table (plain text, fixed width, ASCII-safe
// except for ×, – and ≥/≤).

export function si(value) {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const [scale, suffix] = abs >= 1e9 ? [1e9, 'G'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'k'] : [1, ''];
  const scaled = value / scale;
  const digits = Math.abs(scaled) >= 100 ? 0 : Math.abs(scaled) >= 10 ? 1 : 2;
  return scaled.toFixed(digits) + (suffix ? ' ' + suffix : '');
}

export function ms(value) {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(3);
}

export function ratio(value) {
  if (!Number.isFinite(value)) return 'n/a';
  return (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)) + '×';
}

export function pad(text, width, right = false) {
  const s = String(text);
  const len = [...s].length;
  if (len >= width) return s;
  return right ? ' '.repeat(width - len) + s : s + ' '.repeat(width - len);
}

// rows: arrays of cells; aligns: 'l' | 'r' per column.
export function table(header, rows, aligns) {
  const widths = header.map((h, c) => Math.max([...String(h)].length, ...rows.map((r) => [...String(r[c])].length)));
  const line = (cells) =>
    cells
      .map((cell, c) => pad(cell, widths[c], aligns[c] === 'r'))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
