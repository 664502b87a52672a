export declare const tokenSheet: CSSStyleSheet;
export declare const baseSheet: CSSStyleSheet;
/** Adopts the default tokens (and unless `base: false` the document base styles) into `doc`. */
export declare function installTokens(doc?: Document, options?: { base?: boolean }): void;
