/** Tabbable elements under `root` in composed-tree order. */
export declare function tabbables(root: Element | ShadowRoot): HTMLElement[];
/** The focused element, looking inside shadow roots. */
export declare function deepActiveElement(doc?: Document): Element | null;
