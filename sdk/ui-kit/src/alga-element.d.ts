export declare const hostSheet: CSSStyleSheet;
/** Base class: open shadow root styled by adopted stylesheets; build() once, update() on changes. */
export declare class AlgaElement extends HTMLElement {
  static styles: string;
  static delegatesFocus: boolean;
  connectedCallback(): void;
  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void;
  protected build(root: ShadowRoot): void;
  protected update(): void;
  protected uid(name: string): string;
  protected emit<T>(type: string, detail?: T): boolean;
}
export declare function define(name: string, constructor: CustomElementConstructor): void;
