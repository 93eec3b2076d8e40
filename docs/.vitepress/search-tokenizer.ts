// Word tokenizer for the local search (MiniSearch). The default tokenizer splits
// on spaces and punctuation only, so a Chinese sentence becomes one long term and
// a word in the middle of it (梯度 in 我们发现梯度消失) is never found. Intl.Segmenter
// with the zh-CN word dictionary cuts the sentence into words; Latin words and
// numbers come out whole.
//
// The same function tokenizes the pages at build time (Node) and the query in
// the browser, so both sides agree on what a word is. In a production build it
// is never put into the serialised site data (under a strict CSP VitePress could
// only revive it with new Function): config.mts hands it to the index build and
// removes it again, and theme/index.ts installs it in the browser. The dev
// server (no CSP) does serialise it, so the function refers to nothing outside
// itself: it keeps its segmenter on globalThis.
export function tokenizeForSearch(text: string): string[] {
  const cache = globalThis as typeof globalThis & { __actlabSegmenter?: Intl.Segmenter };
  const segmenter = (cache.__actlabSegmenter ??= new Intl.Segmenter('zh-CN', { granularity: 'word' }));
  const words: string[] = [];
  for (const part of segmenter.segment(text)) {
    if (part.isWordLike) words.push(part.segment);
  }
  return words;
}
