/** A cached CSSStyleSheet for `cssText`. */
export declare function sheet(cssText: string): CSSStyleSheet;
/** Adds sheets to a document's or shadow root's adopted stylesheets (once each). */
export declare function adopt(target: Document | ShadowRoot, ...sheets: CSSStyleSheet[]): void;
