export type IconName = 'close' | 'chevron-left' | 'chevron-right' | 'chevron-down' | 'arrow-up' | 'arrow-down'
  | 'arrows-up-down' | 'inbox' | 'search' | 'alert' | 'check' | 'info' | 'plus' | 'box';
export declare const ICON_NAMES: readonly IconName[];
/** An aria-hidden SVG icon stroked with currentColor. */
export declare function icon(name: IconName, options?: { size?: number; className?: string }): SVGSVGElement;
