/** `<alga-badge variant="neutral|info|success|warning|danger">`: a short status label. */
export declare class AlgaBadge extends HTMLElement {}
declare global {
  interface HTMLElementTagNameMap { 'alga-badge': AlgaBadge; }
}
