/** `<alga-tab-panel label="...">`: one tab's content inside `<alga-tabs>`. */
export declare class AlgaTabPanel extends HTMLElement {}
/** `<alga-tabs label selected>`: WAI-ARIA tabs (roving tabindex, arrows, Home/End). Fires `tab-change` ({index}). */
export declare class AlgaTabs extends HTMLElement {
  readonly selectedIndex: number;
  select(index: number, options?: { focus?: boolean }): void;
}
declare global {
  interface HTMLElementTagNameMap { 'alga-tabs': AlgaTabs; 'alga-tab-panel': AlgaTabPanel; }
}
