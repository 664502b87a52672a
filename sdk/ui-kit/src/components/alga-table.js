// <alga-table caption="Invoices" page-size="10" empty-text="No invoices">
// Data in properties: `columns = [{key, label, sortable, align: 'start'|'end', format(value, row)}]`
// and `rows = [...]`. Sorting by column header buttons (aria-sort), paging with Previous/Next.
// Fires `sort-change` {key, direction} and `page-change` {page}.

import { AlgaElement, define } from '../alga-element.js';
import { h, replaceChildren } from '../dom.js';
import { icon } from '../icons.js';
import { compareValues } from './table-sort.js';

export class AlgaTable extends AlgaElement {
  static observedAttributes = ['caption', 'page-size', 'empty-text', 'caption-hidden'];
  static properties = ['columns', 'rows'];
  static styles = `
:host { display: block; }
.frame { border: 1px solid var(--alga-color-border); border-radius: var(--alga-radius-lg); background: var(--alga-color-surface); overflow: hidden; }
.scroll { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: var(--alga-font-size-md); }
caption { text-align: start; padding: var(--alga-space-3) var(--alga-space-4); font-weight: 600; font-size: var(--alga-font-size-lg); }
:host([caption-hidden]) caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
th, td { padding: var(--alga-space-2) var(--alga-space-4); text-align: start; border-bottom: 1px solid var(--alga-color-border); vertical-align: middle; }
th { background: var(--alga-color-surface-muted); color: var(--alga-color-text-muted); font-size: var(--alga-font-size-sm); font-weight: 600; white-space: nowrap; height: 40px; }
td { height: 44px; }
tbody tr:last-child td { border-bottom: 0; }
tbody tr:hover td { background: var(--alga-color-surface-muted); }
.end { text-align: end; font-variant-numeric: tabular-nums; }
.sort {
  display: inline-flex; align-items: center; gap: var(--alga-space-1); padding: 2px 4px; margin: -2px -4px;
  border: 0; border-radius: var(--alga-radius-sm); background: transparent; color: inherit;
  font: inherit; font-weight: 600; cursor: pointer;
}
.sort:hover { color: var(--alga-color-text); background: var(--alga-color-surface-hover); }
.sort .icon { opacity: 0.55; }
th[aria-sort="ascending"] .sort, th[aria-sort="descending"] .sort { color: var(--alga-color-text); }
th[aria-sort="ascending"] .icon, th[aria-sort="descending"] .icon { opacity: 1; }
.empty { text-align: center; color: var(--alga-color-text-muted); padding: var(--alga-space-6) var(--alga-space-4); }
.pager {
  display: flex; align-items: center; justify-content: space-between; gap: var(--alga-space-3);
  padding: var(--alga-space-2) var(--alga-space-4); border-top: 1px solid var(--alga-color-border);
  color: var(--alga-color-text-muted); font-size: var(--alga-font-size-sm);
}
.pager[hidden] { display: none; }
.pages { display: flex; align-items: center; gap: var(--alga-space-2); }
.page-button {
  display: inline-flex; align-items: center; gap: 4px; min-height: 30px; padding: 0 var(--alga-space-3);
  border: 1px solid var(--alga-color-border-strong); border-radius: var(--alga-radius-md);
  background: var(--alga-color-surface); color: var(--alga-color-text); font-weight: 600; font-size: var(--alga-font-size-sm); cursor: pointer;
}
.page-button:hover:not(:disabled) { background: var(--alga-color-surface-hover); }
.page-button:disabled { opacity: 0.5; cursor: not-allowed; }
`;

  constructor() {
    super();
    this.columnList = [];
    this.rowList = [];
    this.sortKey = null;
    this.sortDirection = 'ascending';
    this.page = 1;
  }

  build(root) {
    this.captionEl = h('caption');
    this.head = h('thead');
    this.body = h('tbody');
    this.status = h('span', { 'aria-live': 'polite' });
    this.pageLabel = h('span');
    this.previous = h('button', { type: 'button', class: 'page-button', on: { click: () => this.goTo(this.page - 1) } },
      icon('chevron-left'), 'Previous');
    this.next = h('button', { type: 'button', class: 'page-button', on: { click: () => this.goTo(this.page + 1) } },
      'Next', icon('chevron-right'));
    this.pager = h('div', { class: 'pager', part: 'pager' }, this.status,
      h('div', { class: 'pages' }, this.previous, this.pageLabel, this.next));
    root.append(h('div', { class: 'frame', part: 'frame' },
      h('div', { class: 'scroll' }, h('table', { part: 'table' }, this.captionEl, this.head, this.body)), this.pager));
  }

  set columns(columns) {
    this.columnList = columns.map((column) => ({ ...column }));
    this.update();
  }

  get columns() {
    return this.columnList;
  }

  set rows(rows) {
    this.rowList = [...rows];
    this.page = Math.min(this.page, this.pageCount());
    this.update();
  }

  get rows() {
    return this.rowList;
  }

  pageSize() {
    const size = Number(this.getAttribute('page-size') ?? 10);
    return Number.isInteger(size) && size > 0 ? size : 10;
  }

  pageCount() {
    return Math.max(1, Math.ceil(this.rowList.length / this.pageSize()));
  }

  /** Sorts by `key` (toggling the direction when already sorted by it). */
  sortBy(key, direction) {
    if (direction) this.sortDirection = direction;
    else this.sortDirection = this.sortKey === key && this.sortDirection === 'ascending' ? 'descending' : 'ascending';
    this.sortKey = key;
    this.page = 1;
    this.update();
    this.emit('sort-change', { key, direction: this.sortDirection });
    this.shadowRoot.querySelector(`th[data-key="${CSS.escape(key)}"] .sort`)?.focus();
  }

  goTo(page) {
    const clamped = Math.min(this.pageCount(), Math.max(1, page));
    if (clamped === this.page) return;
    const focused = this.shadowRoot.activeElement;
    this.page = clamped;
    this.update();
    if (focused?.disabled) (focused === this.next ? this.previous : this.next).focus();
    this.emit('page-change', { page: clamped });
  }

  sortedRows() {
    const column = this.columnList.find((c) => c.key === this.sortKey);
    if (!column) return this.rowList;
    const factor = this.sortDirection === 'ascending' ? 1 : -1;
    return this.rowList
      .map((row, index) => ({ row, index }))
      .sort((a, b) => factor * compareValues(a.row[column.key], b.row[column.key]) || a.index - b.index)
      .map((entry) => entry.row);
  }

  update() {
    if (!this.built) return;
    this.captionEl.textContent = this.getAttribute('caption') ?? '';
    this.captionEl.hidden = !this.hasAttribute('caption');
    replaceChildren(this.head, h('tr', {}, this.columnList.map((column) => this.headerCell(column))));
    const size = this.pageSize();
    const total = this.rowList.length;
    const start = (this.page - 1) * size;
    const visible = this.sortedRows().slice(start, start + size);
    if (total === 0) {
      replaceChildren(this.body, h('tr', {}, h('td', { class: 'empty', colspan: Math.max(1, this.columnList.length) },
        this.getAttribute('empty-text') ?? 'Nothing to show')));
    } else {
      replaceChildren(this.body, visible.map((row) => h('tr', {}, this.columnList.map((column) => {
        const value = row[column.key];
        const content = column.format ? column.format(value, row) : (value ?? '');
        return h('td', { class: column.align === 'end' ? 'end' : null }, content);
      }))));
    }
    this.pager.hidden = total <= size;
    this.status.textContent = total === 0 ? '' : `Showing ${start + 1}–${Math.min(total, start + size)} of ${total}`;
    this.pageLabel.textContent = `Page ${this.page} of ${this.pageCount()}`;
    this.previous.disabled = this.page <= 1;
    this.next.disabled = this.page >= this.pageCount();
  }

  headerCell(column) {
    const sorted = this.sortKey === column.key;
    const attributes = { scope: 'col', 'data-key': column.key, class: column.align === 'end' ? 'end' : null };
    if (!column.sortable) return h('th', attributes, column.label);
    attributes['aria-sort'] = sorted ? this.sortDirection : 'none';
    const iconName = !sorted ? 'arrows-up-down' : this.sortDirection === 'ascending' ? 'arrow-up' : 'arrow-down';
    return h('th', attributes, h('button', {
      type: 'button', class: 'sort', on: { click: () => this.sortBy(column.key) },
    }, column.label, icon(iconName, { size: 14 }),
    h('span', { class: 'sr-only' }, sorted ? `, sorted ${this.sortDirection}` : ', sortable')));
  }
}

define('alga-table', AlgaTable);
