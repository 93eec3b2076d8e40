// On-demand element definitions: a module that defines an element is imported
// only once such an element is in the document (now, or later: VitePress swaps
// page content without a reload). Pages without it never download its code.

export type Loader = () => Promise<unknown>;

/** Imports loaders[tag] the first time an element <tag> appears in the document. */
export function defineOnDemand(loaders: Record<string, Loader>): void {
  const pending = new Map(Object.entries(loaders).filter(([tag]) => !customElements.get(tag)));
  if (pending.size === 0 || typeof document === 'undefined') return;
  const selector = () => [...pending.keys()].join(',');

  const load = (tag: string) => {
    const loader = pending.get(tag);
    if (!loader) return;
    pending.delete(tag);
    loader().catch((error: unknown) => {
      pending.set(tag, loader); // allow a retry when the element appears again
      console.error(`ActLab: 无法加载 <${tag}> 组件`, error);
    });
  };

  const scan = (root: ParentNode) => {
    if (pending.size === 0) return;
    for (const el of root.querySelectorAll(selector())) load(el.localName);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (pending.has(node.localName)) load(node.localName);
        if (node.firstElementChild) scan(node);
      }
    }
    if (pending.size === 0) observer.disconnect();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  scan(document);
  if (pending.size === 0) observer.disconnect();
}
