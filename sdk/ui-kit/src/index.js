// @alga/ui-kit: Web Components styled by the theme tokens (`--alga-*` custom properties).
// Importing this module defines every <alga-*> element and installs the default tokens and the
// document base styles (adopted stylesheets: nothing here needs 'unsafe-inline').

import { installTokens } from './tokens.js';

export { AlgaBadge } from './components/alga-badge.js';
export { AlgaButton } from './components/alga-button.js';
export { AlgaInput } from './components/alga-input.js';
export { AlgaSelect } from './components/alga-select.js';
export { AlgaTable } from './components/alga-table.js';
export { AlgaDialog } from './components/alga-dialog.js';
export { AlgaToastRegion, toast } from './components/alga-toast-region.js';
export { AlgaTabs, AlgaTabPanel } from './components/alga-tabs.js';
export { AlgaCard } from './components/alga-card.js';
export { AlgaSpinner } from './components/alga-spinner.js';
export { AlgaEmptyState } from './components/alga-empty-state.js';
export { installTokens, tokenSheet, baseSheet } from './tokens.js';
export { themes, lightTheme, darkTheme } from './themes.js';
export { h } from './dom.js';
export { icon } from './icons.js';

installTokens(document);
