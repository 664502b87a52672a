// Inline SVG icons built with the DOM (24x24 grid, stroked with currentColor, aria-hidden).

import { h } from './dom.js';

const PATHS = {
  close: ['M6 6l12 12', 'M18 6L6 18'],
  'chevron-left': ['M15 6l-6 6 6 6'],
  'chevron-right': ['M9 6l6 6-6 6'],
  'chevron-down': ['M6 9l6 6 6-6'],
  'arrow-up': ['M12 19V5', 'M6 11l6-6 6 6'],
  'arrow-down': ['M12 5v14', 'M6 13l6 6 6-6'],
  'arrows-up-down': ['M8 4v16', 'M4 8l4-4 4 4', 'M16 20V4', 'M12 16l4 4 4-4'],
  inbox: ['M3 13h5l2 3h4l2-3h5', 'M5 5h14l2 8v6H3v-6z'],
  search: ['M11 4a7 7 0 1 1 0 14 7 7 0 0 1 0-14z', 'M20 20l-4-4'],
  alert: ['M12 3l10 18H2z', 'M12 10v4', 'M12 17.5v.5'],
  check: ['M5 12l5 5 9-10'],
  info: ['M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z', 'M12 11v6', 'M12 7.5v.5'],
  plus: ['M12 5v14', 'M5 12h14'],
  box: ['M3 7l9-4 9 4-9 4z', 'M3 7v10l9 4 9-4V7', 'M12 11v10'],
};

/** An SVG icon element; `name` must be one of the kit's icons. */
export function icon(name, { size = 16, className = 'icon' } = {}) {
  const paths = PATHS[name];
  if (!paths) throw new Error(`BUG in icon(): unknown icon ${name}`);
  return h('svg:svg', {
    class: className, width: size, height: size, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor',
    'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false',
  }, paths.map((d) => h('svg:path', { d })));
}

export const ICON_NAMES = Object.freeze(Object.keys(PATHS));
