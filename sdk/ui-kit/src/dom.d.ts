export type Child = Node | string | number | null | undefined | false | Child[];
export type Attributes = Record<string, string | number | boolean | null | undefined | Record<string, EventListener>>;
/** Builds an element (prefix `svg:` for SVG) without parsing markup. Style attributes are refused. */
export declare function h(tag: string, attributes?: Attributes | null, ...children: Child[]): Element;
export declare function append<T extends Node>(parent: T, children: Child[]): T;
export declare function replaceChildren<T extends Element>(parent: T, ...children: Child[]): T;
