export interface TableColumn<Row = Record<string, unknown>> {
  key: string;
  label: string;
  sortable?: boolean;
  align?: 'start' | 'end';
  /** Cell content: text or a node (e.g. a button). Default: the value as text. */
  format?: (value: unknown, row: Row) => string | Node;
}
/**
 * `<alga-table caption page-size empty-text caption-hidden>`; data through `columns` and `rows`.
 * Fires `sort-change` ({key, direction}) and `page-change` ({page}).
 */
export declare class AlgaTable<Row = Record<string, unknown>> extends HTMLElement {
  columns: TableColumn<Row>[];
  rows: Row[];
  readonly page: number;
  readonly sortKey: string | null;
  readonly sortDirection: 'ascending' | 'descending';
  sortBy(key: string, direction?: 'ascending' | 'descending'): void;
  goTo(page: number): void;
}
declare global {
  interface HTMLElementTagNameMap { 'alga-table': AlgaTable; }
}
