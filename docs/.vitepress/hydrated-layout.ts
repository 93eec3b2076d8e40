// The default theme sets a few layout classes only once the page has hydrated, so a
// wide screen drew every page one way and then moved it (a layout shift on load):
//  - the nav bar's `has-sidebar` (and `home`, `top`) come from a post-render effect,
//    so the bar first spans the whole width and its search box then slides right;
//  - the sidebar marks the current page's link (`is-active`) after mounting, and opens
//    its collapsed chapter group only then, so the groups below jumped down.
// asHydrated writes those classes into the built HTML of each page, as the client will
// set them. Vue does not touch an element's class while hydrating, and its first
// update sets the same classes, so nothing moves. Markup this does not recognise is
// left as it was (the page then shifts as before; the browser tests measure it).

/** The sidebar link of a page, as the theme writes it (cleanUrls off). */
export function sidebarHref(page: string, base: string): string {
  return (
    base +
    (page === 'index.md' || page.endsWith('/index.md')
      ? page.slice(0, -'index.md'.length)
      : page.replace(/\.md$/, '.html'))
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `classes` with `add` and without `remove` (a class list, space-separated). */
function withClasses(classes: string, add: readonly string[], remove: readonly string[] = []): string {
  const list = classes.split(/\s+/).filter((c) => c && !remove.includes(c));
  for (const c of add) if (!list.includes(c)) list.push(c);
  return list.join(' ');
}

function navBar(html: string): string {
  const add = html.includes('<div class="VPContent has-sidebar"')
    ? ['has-sidebar', 'top']
    : /<div class="VPHome\b/.test(html)
      ? ['home', 'top']
      : ['top'];
  return html.replace(/<div class="VPNavBar"/, `<div class="${withClasses('VPNavBar', add)}"`);
}

function sidebar(html: string, href: string): string {
  const start = html.indexOf('<aside class="VPSidebar"');
  const end = start < 0 ? -1 : html.indexOf('</aside>', start);
  if (end < 0) return html;
  const aside = html.slice(start, end);
  const link = new RegExp(`<a class="VPLink[^"]*" href="${escapeRegExp(href)}"`).exec(aside);
  if (!link) return html;
  // the items that open before the link, innermost last: its own item and its ancestors
  const items = [...aside.slice(0, link.index).matchAll(/class="VPSidebarItem level-(\d) ([^"]*)"/g)];
  const own = items.at(-1);
  if (!own || own.index === undefined) return html;
  const edits: { at: number; from: string; to: string }[] = [];
  const edit = (item: RegExpMatchArray, add: string[]) => {
    const collapsible = item[2].split(' ').includes('collapsible');
    const classes = withClasses(item[2], add, collapsible ? ['collapsed'] : []);
    edits.push({ at: item.index!, from: item[0], to: `class="VPSidebarItem level-${item[1]} ${classes}"` });
  };
  edit(own, ['is-active', 'has-active']);
  // the nearest earlier item of each lower level is an ancestor (the sidebar nests in order)
  for (let level = Number(own[1]) - 1; level >= 0; --level) {
    const ancestor = items.findLast((m) => Number(m[1]) === level);
    if (ancestor) edit(ancestor, ['has-active']);
  }
  let out = aside;
  for (const e of edits.sort((a, b) => b.at - a.at)) {
    if (out.slice(e.at, e.at + e.from.length) !== e.from) return html;
    out = out.slice(0, e.at) + e.to + out.slice(e.at + e.from.length);
  }
  return html.slice(0, start) + out + html.slice(end);
}

/** The page's HTML with the layout classes the client sets when it hydrates. */
export function asHydrated(html: string, page: string, base: string): string {
  return sidebar(navBar(html), sidebarHref(page, base));
}
