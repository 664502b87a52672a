/**
 * `<alga-input label name type value placeholder required disabled readonly hint error multiline rows>`
 * Form-associated; fires `input` (composed from the inner control) and `change`.
 */
export declare class AlgaInput extends HTMLElement {
  static formAssociated: true;
  value: string;
  readonly validity: ValidityState;
  checkValidity(): boolean;
}
declare global {
  interface HTMLElementTagNameMap { 'alga-input': AlgaInput; }
}
