/** `<alga-button variant="primary|secondary|ghost|danger" size="sm|md" disabled loading label pressed>` */
export declare class AlgaButton extends HTMLElement {
  disabled: boolean;
  loading: boolean;
}
declare global {
  interface HTMLElementTagNameMap { 'alga-button': AlgaButton; }
}
