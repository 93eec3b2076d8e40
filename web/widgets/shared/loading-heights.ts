// How tall each widget is while it loads, in one table for both places that need it:
//  - the widget's own placeholder (shared/base.ts): its body keeps this height until
//    the first draw, about the drawn size at 760 px wide;
//  - the site's style sheet, for the moment before the widget's chunk has even
//    defined the element (docs/.vitepress/placeholder-heights.ts writes a
//    min-height rule per tag from this table, plus the frame around the body).
// So the text below a widget does not jump, either when the element is defined or when it draws.

/** The body's height (px) while the module loads, per embed page name. */
export const LOADING_HEIGHTS = {
  activation: 590,
  loss: 610,
  neuron: 610,
  descent: 650,
  chain: 540,
  playground: 560,
  compare: 560,
} as const;

/** The frame around the body while loading (border, padding and the 32 px title row), px, at phone width. */
export const LOADING_FRAME_HEIGHT = 63;
