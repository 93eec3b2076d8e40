// Shared helpers for the tutorial-text tests: where the chapters are, how to
// split Markdown into paragraphs, and the compiled core (wasm) for checking
// formulas and numbers against it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const DOCS = join(ROOT, 'docs');

export const CHAPTERS = [
  '01-why',
  '02-activations',
  '03-backprop',
  '04-relu',
  '05-losses',
  '06-optimizers',
  '07-lab',
  '08-choosing',
  '09-pitfalls',
];

export const SECTION_FILE = /^\d\d-[a-z0-9-]+\.md$/;

export function read(path) {
  return readFileSync(path, 'utf8');
}

export function rel(path) {
  return relative(ROOT, path);
}

export function chapterFiles(chapter) {
  const dir = join(DOCS, chapter);
  const sections = readdirSync(dir)
    .filter((f) => SECTION_FILE.test(f))
    .sort()
    .map((f) => join(dir, f));
  return { index: join(dir, 'index.md'), sections };
}

// Every Markdown page of the site (not .vitepress, not node_modules).
export function allPages() {
  return readdirSync(DOCS, { recursive: true })
    .filter((f) => f.endsWith('.md') && !f.split(/[\\/]/).some((p) => p.startsWith('.') || p === 'node_modules'))
    .map((f) => join(DOCS, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

// The tutorial's own pages: chapters plus references, terminology, style guide.
export function tutorialPages() {
  const pages = [];
  for (const c of CHAPTERS) {
    const { index, sections } = chapterFiles(c);
    pages.push(index, ...sections);
  }
  pages.push(join(DOCS, 'references.md'), join(DOCS, 'TERMINOLOGY.md'), join(DOCS, 'STYLE_GUIDE.md'));
  return pages;
}

// Markdown split into blocks separated by blank lines. Fenced code blocks are
// blocks of their own (kind "code", with their info string); everything else
// is kind "text". Line numbers are 1-based.
export function blocks(markdown) {
  const lines = markdown.split('\n');
  const out = [];
  let current = null;
  let fence = null;
  const flush = () => {
    if (current) out.push(current);
    current = null;
  };
  lines.forEach((line, i) => {
    if (fence) {
      if (line.trim().startsWith(fence.marker)) {
        out.push(fence.block);
        fence = null;
      } else {
        fence.block.text += (fence.block.text ? '\n' : '') + line;
      }
      return;
    }
    const open = line.match(/^\s*(```+|~~~+)\s*([\w-]*)(.*)$/);
    if (open) {
      flush();
      fence = { marker: open[1], block: { kind: 'code', lang: open[2], info: open[3].trim(), text: '', line: i + 1 } };
      return;
    }
    if (!line.trim()) {
      flush();
      return;
    }
    if (!current) current = { kind: 'text', text: line, line: i + 1 };
    else current.text += '\n' + line;
  });
  flush();
  if (fence) out.push(fence.block);
  return out;
}

let corePromise;
export function core() {
  corePromise ??= import(resolve(DOCS, '.vitepress/functions.data.mjs')).then((m) => m.loadCore());
  return corePromise;
}
