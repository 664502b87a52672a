/** `<alga-empty-state heading description icon heading-level>` with action content. */
export declare class AlgaEmptyState extends HTMLElement {}
declare global {
  interface HTMLElementTagNameMap { 'alga-empty-state': AlgaEmptyState; }
}
