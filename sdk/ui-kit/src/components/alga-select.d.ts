export interface SelectOption { value: string; label?: string; disabled?: boolean }
/** `<alga-select label name value disabled required hint error>` with `<option>` children. Fires `change`. */
export declare class AlgaSelect extends HTMLElement {
  static formAssociated: true;
  value: string;
  options: SelectOption[];
}
declare global {
  interface HTMLElementTagNameMap { 'alga-select': AlgaSelect; }
}
