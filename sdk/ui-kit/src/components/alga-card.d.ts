/** `<alga-card heading subheading heading-level>` with content, an `actions` slot and a `footer` slot. */
export declare class AlgaCard extends HTMLElement {}
declare global {
  interface HTMLElementTagNameMap { 'alga-card': AlgaCard; }
}
