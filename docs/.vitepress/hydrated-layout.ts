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

import { escapeRegExp } from './embed-pages';

/** The sidebar link of a page, as the theme writes it (cleanUrls off). */
function sidebarHref(page: string, base: string): string {
  return (
    base +
    (page === 'index.md' || page.endsWith('/index.md')
      ? page.slice(0, -'index.md'.length)
      : page.replace(/\.md$/, '.html'))
  );
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
  // the item itself, then the nearest earlier item of each lower level: its ancestors
  // (the sidebar nests in order), edited from the last so the earlier offsets hold
  const edits: [RegExpMatchArray, string[]][] = [[own, ['is-active', 'has-active']]];
  for (let level = Number(own[1]) - 1; level >= 0; --level) {
    const ancestor = items.findLast((m) => Number(m[1]) === level);
    if (ancestor) edits.push([ancestor, ['has-active']]);
  }
  let out = aside;
  for (const [item, add] of edits) {
    const collapsible = item[2].split(' ').includes('collapsible');
    const classes = withClasses(item[2], add, collapsible ? ['collapsed'] : []);
    const at = item.index!;
    out = `${out.slice(0, at)}class="VPSidebarItem level-${item[1]} ${classes}"${out.slice(at + item[0].length)}`;
  }
  return html.slice(0, start) + out + html.slice(end);
}

/** The page's HTML with the layout classes the client sets when it hydrates. */
export function asHydrated(html: string, page: string, base: string): string {
  return sidebar(navBar(html), sidebarHref(page, base));
}
