// A markdown-it rule that keeps inline math together with the CJK punctuation
// touching it. Inline math is an atomic box (an SVG), so the browser may break a
// line between it and a following "。" or "，", which then starts the next line;
// and an opening bracket such as "（" may be left at the end of a line. The rule
// wraps [opening bracket] + math + [closing punctuation] in
// <span class="math-nowrap">, which theme/fixes.css makes one unbreakable box
// that scrolls inside itself when it is wider than the column (never the page).

// punctuation that must not start a line (it closes or ends something)
const CLOSING = '，。、；：？！）》」』】〕〉”’…—·％,.;:?!)]}%';
// punctuation that must not end a line (it opens something)
const OPENING = '（《「『【〔〈“‘([{';

function leadingRun(text, chars) {
  let i = 0;
  while (i < text.length && chars.includes(text[i])) i += 1;
  return i;
}

function trailingRun(text, chars) {
  let i = text.length;
  while (i > 0 && chars.includes(text[i - 1])) i -= 1;
  return text.length - i;
}

function wrapInline(children, state) {
  const out = [];
  for (let i = 0; i < children.length; i += 1) {
    const token = children[i];
    if (token.type !== 'math_inline') {
      out.push(token);
      continue;
    }
    const next = children[i + 1];
    const after = next && next.type === 'text' ? leadingRun(next.content, CLOSING) : 0;
    const prev = out[out.length - 1];
    const before = prev && prev.type === 'text' ? trailingRun(prev.content, OPENING) : 0;
    if (!after && !before) {
      out.push(token);
      continue;
    }
    if (before) {
      const head = prev.content.slice(0, prev.content.length - before);
      const bracket = prev.content.slice(prev.content.length - before);
      if (head) prev.content = head;
      else out.pop();
      out.push(html(state, '<span class="math-nowrap">'));
      out.push(text(state, bracket));
    } else {
      out.push(html(state, '<span class="math-nowrap">'));
    }
    out.push(token);
    if (after) {
      out.push(text(state, next.content.slice(0, after)));
      const rest = next.content.slice(after);
      out.push(html(state, '</span>'));
      if (rest) {
        next.content = rest;
        out.push(next);
      }
      i += 1; // the next token has been consumed (or re-pushed with its rest)
    } else {
      out.push(html(state, '</span>'));
    }
  }
  return out;
}

function html(state, content) {
  const t = new state.Token('html_inline', '', 0);
  t.content = content;
  return t;
}

function text(state, content) {
  const t = new state.Token('text', '', 0);
  t.content = content;
  return t;
}

/** Registers the rule; call from markdown.config after the math plugin is installed. */
export function mathNowrap(md) {
  md.core.ruler.push('math_nowrap', (state) => {
    for (const block of state.tokens) {
      if (block.type === 'inline' && block.children?.some((t) => t.type === 'math_inline')) {
        block.children = wrapInline(block.children, state);
      }
    }
  });
}
