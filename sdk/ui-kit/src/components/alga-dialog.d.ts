/**
 * `<alga-dialog heading size="sm|md|lg" open>` with content and a `footer` slot. Modal, focus
 * trapped, Escape closes, focus restored. Fires `open` and `close` ({returnValue}).
 */
export declare class AlgaDialog extends HTMLElement {
  readonly open: boolean;
  show(): void;
  close(returnValue?: string): void;
}
declare global {
  interface HTMLElementTagNameMap { 'alga-dialog': AlgaDialog; }
}
