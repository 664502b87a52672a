import type { Theme } from './types.js';

/** Sets `--alga-<name>` custom properties, `data-alga-scheme` and `color-scheme` on `root`. */
export declare function applyTheme(theme: Theme, root?: HTMLElement): void;
