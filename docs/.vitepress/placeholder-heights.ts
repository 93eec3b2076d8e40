// The style sheet that reserves each widget's loading height before its chunk has
// defined the element (an undefined <actlab-*> element is an empty inline box).
// It is made from the widgets' own table (web/widgets/shared/loading-heights.ts),
// served to the theme as the virtual module below, and bundled into the site's CSS.
import type { Plugin } from 'vitepress';
import { LOADING_FRAME_HEIGHT, LOADING_HEIGHTS } from '../../web/widgets/shared/loading-heights';

const ID = 'virtual:actlab-placeholders.css';
const RESOLVED = `\0${ID}`;

export function placeholderCss(): string {
  return Object.entries(LOADING_HEIGHTS)
    .map(([widget, height]) => `actlab-${widget}:not(:defined) { min-height: ${height + LOADING_FRAME_HEIGHT}px; }`)
    .join('\n');
}

export const placeholderHeights: Plugin = {
  name: 'actlab:placeholder-heights',
  resolveId: (id) => (id === ID ? RESOLVED : undefined),
  load: (id) => (id === RESOLVED ? placeholderCss() : undefined),
};
