#!/usr/bin/env node
// Chinese typography lint for the tutorial (rules in docs/STYLE_GUIDE.md):
//   1. punctuation: in Chinese text, use full-width ，。；：？！（）“” — a
//      half-width , . ; : ? ! ( ) " touching a Chinese character is an error,
//      and so is a space before or after full-width punctuation;
//   2. spacing: one half-width space between a Chinese character and Latin
//      letters, digits, inline code or inline math, on both sides;
//   3. terminology: the variants listed under 避免使用 in docs/TERMINOLOGY.md
//      must not appear (text in “…” quotes is exempt, so the text can quote a
//      wrong term in order to correct it).
// Code blocks, math, HTML tags and comments, link targets and front matter are
// skipped. Usage: node scripts/lint-zh.mjs [files or folders] (default docs/).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
const cjk = new RegExp(`[${CJK}]`);
const FULL_PUNCT = '，。；：？！、（）“”《》';

// Replaces everything that is not prose with neutral stand-ins, keeping the
// line structure so that reported line numbers stay right. Inline code and
// inline math become "X" (they count as Latin for the spacing rule).
export function proseLines(text) {
  const lines = text.split('\n');
  const out = [];
  let inFence = false;
  let fence = '';
  let inMath = false;
  let inComment = false;
  let inFront = lines[0] === '---';
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (inFront) {
      if (i > 0 && line === '---') inFront = false;
      out.push('');
      continue;
    }
    const fenceMatch = line.match(/^\s*(```+|~~~+)/);
    if (inFence) {
      if (fenceMatch && fenceMatch[1].startsWith(fence)) inFence = false;
      out.push('');
      continue;
    }
    if (fenceMatch) {
      inFence = true;
      fence = fenceMatch[1];
      out.push('');
      continue;
    }
    if (inComment) {
      const end = line.indexOf('-->');
      if (end < 0) {
        out.push('');
        continue;
      }
      line = ' '.repeat(end + 3) + line.slice(end + 3);
      inComment = false;
    }
    line = line.replace(/<!--.*?-->/g, ' ');
    const open = line.indexOf('<!--');
    if (open >= 0) {
      inComment = true;
      line = line.slice(0, open);
    }
    if (inMath) {
      if (line.includes('$$')) inMath = false;
      out.push('');
      continue;
    }
    if (/^\s*\$\$/.test(line)) {
      if (!/^\s*\$\$.*\$\$\s*$/.test(line.trim()) || line.trim() === '$$') inMath = true;
      out.push('');
      continue;
    }
    if (/^\s*:::/.test(line) || /^\s*\|?\s*:?-{3,}/.test(line)) {
      out.push('');
      continue;
    }
    if (/^\s*\|/.test(line)) line = line.replace(/\s*\|\s*/g, '|'); // table cell padding
    line = line
      .replace(/`[^`]*`/g, 'X') // inline code
      .replace(/\$[^$]+\$/g, 'X') // inline math
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links: keep the text
      .replace(/<\/?[A-Za-z][^>]*>/g, ' ') // HTML tags
      .replace(/https?:\/\/\S+/g, 'X')
      .replace(/\*\*|__/g, '') // emphasis markers
      .replace(/\s*\{#[\w-]+\}\s*$/, '') // heading anchors
      .replace(/^\s*(#+|>|[-*+]|\d+\.)\s+/, ''); // block markers
    out.push(line);
  }
  return out;
}

function hasCjk(s) {
  return cjk.test(s);
}

// Removes “…” quoted spans (for the terminology rule).
function dropQuotes(line) {
  return line.replace(/“[^”]*”/g, '“”');
}

export function parseTerminology(markdown) {
  const terms = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length < 3 || /^:?-+/.test(cells[0]) || cells[0] === '中文') continue;
    const avoid = cells[2]
      .split(/[、,，]/)
      .map((s) => s.trim())
      .filter((s) => s && s !== '—' && s !== '-');
    terms.push({ zh: cells[0], en: cells[1], avoid });
  }
  return terms;
}

export function lintText(text, { terms = [], checkTerms = true } = {}) {
  const problems = [];
  const report = (line, message) => problems.push({ line: line + 1, message });
  const lines = proseLines(text);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    // 1. half-width punctuation touching Chinese
    const half = /[,.;:?!"()]/g;
    let m;
    while ((m = half.exec(line))) {
      const ch = m[0];
      const before = line.slice(0, m.index).trimEnd().slice(-1);
      const after = line
        .slice(m.index + 1)
        .trimStart()
        .slice(0, 1);
      let bad = false;
      if (ch === '(') {
        const close = line.indexOf(')', m.index);
        const inner = close > 0 ? line.slice(m.index + 1, close) : '';
        bad = hasCjk(before) || hasCjk(inner);
      } else if (ch === ')') {
        const openAt = line.lastIndexOf('(', m.index);
        const inner = openAt >= 0 ? line.slice(openAt + 1, m.index) : '';
        bad = hasCjk(inner) || (openAt >= 0 && hasCjk(line.slice(0, openAt).trimEnd().slice(-1)));
      } else if (ch === '.') {
        bad = hasCjk(before) && !/\d/.test(after);
      } else {
        bad = hasCjk(before) || (hasCjk(after) && ch !== '"');
        if (ch === '"') bad = hasCjk(before) || hasCjk(after);
      }
      if (bad) report(i, `中文语境中的半角标点 “${ch}” 应改为全角`);
    }
    // ... and spaces around full-width punctuation
    const spaced = new RegExp(`( [${FULL_PUNCT}])|([${FULL_PUNCT}] )(?=\\S)`, 'g');
    while ((m = spaced.exec(line))) {
      if (line.slice(0, m.index).trim() === '') continue; // indentation
      report(i, `全角标点两侧不加空格：“${m[0]}”`);
    }
    // 2. spacing between Chinese and Latin / digits / code / math
    const glued = new RegExp(`([${CJK}])([A-Za-z0-9])|([A-Za-z0-9%])([${CJK}])`, 'g');
    while ((m = glued.exec(line))) {
      report(i, `中文与西文或数字之间应有一个空格：“${m[0]}”`);
      glued.lastIndex = m.index + 1;
    }
    // 3. terminology
    if (checkTerms) {
      const unquoted = dropQuotes(line);
      for (const term of terms) {
        for (const variant of term.avoid) {
          if (unquoted.includes(variant)) report(i, `术语不统一：用 “${term.zh}”，不用 “${variant}”`);
        }
      }
    }
  });
  return problems;
}

function markdownFiles(target) {
  const st = statSync(target);
  if (st.isFile()) return [target];
  return readdirSync(target, { recursive: true })
    .map((f) => join(target, f))
    .filter((f) => f.endsWith('.md') && !/[\\/](node_modules|\.vitepress)[\\/]/.test(f));
}

export function lintFiles(targets, { root = process.cwd() } = {}) {
  const terminologyPath = resolve(root, 'docs/TERMINOLOGY.md');
  const terms = parseTerminology(readFileSync(terminologyPath, 'utf8'));
  const results = [];
  for (const target of targets) {
    for (const file of markdownFiles(resolve(root, target))) {
      const isTerminology = resolve(file) === terminologyPath;
      const problems = lintText(readFileSync(file, 'utf8'), { terms, checkTerms: !isTerminology });
      for (const p of problems) results.push({ file: relative(root, file), ...p });
    }
  }
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  const targets = process.argv.slice(2).length ? process.argv.slice(2) : ['docs'];
  const results = lintFiles(targets, { root });
  for (const r of results) console.log(`${r.file}:${r.line}: ${r.message}`);
  console.log(results.length ? `lint-zh: ${results.length} problem(s)` : 'lint-zh: no problems');
  process.exitCode = results.length ? 1 : 0;
}
