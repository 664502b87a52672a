export interface ToastOptions {
  title?: string;
  variant?: 'info' | 'success' | 'warning' | 'danger';
  /** Default 5000; 0 keeps the toast until dismissed. Paused while hovered or focused. */
  timeoutMs?: number;
}
/** `<alga-toast-region>`: the live region toasts appear in. Fires `toast-dismiss`. */
export declare class AlgaToastRegion extends HTMLElement {
  /** Shows a toast; returns a function that dismisses it. */
  show(message: string, options?: ToastOptions): () => void;
}
/** Shows a toast in the document's region (created on first use); returns its dismiss function. */
export declare function toast(message: string, options?: ToastOptions): () => void;
declare global {
  interface HTMLElementTagNameMap { 'alga-toast-region': AlgaToastRegion; }
}
