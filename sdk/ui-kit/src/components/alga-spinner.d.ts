/** `<alga-spinner label size="sm|md|lg" show-label>`: role=status with its label. */
export declare class AlgaSpinner extends HTMLElement {}
declare global {
  interface HTMLElementTagNameMap { 'alga-spinner': AlgaSpinner; }
}
