// Installs the kit's default tokens (light, and dark under [data-alga-scheme="dark"]) and a small
// document base (font, colours, focus ring) as an adopted stylesheet. Tokens the host sends
// through the SDK are set on :root inline (CSSOM), so they override these defaults.

import { adopt, sheet } from './stylesheet.js';
import { darkTheme, lightTheme } from './themes.js';

function declarations(tokens) {
  return Object.entries(tokens).map(([name, value]) => `--alga-${name}: ${value};`).join('\n  ');
}

export const tokenSheet = sheet(`
:root {
  ${declarations(lightTheme.tokens)}
  color-scheme: light;
}
:root[data-alga-scheme="dark"] {
  ${declarations(darkTheme.tokens)}
  color-scheme: dark;
}
`);

export const baseSheet = sheet(`
html {
  background: var(--alga-color-bg);
  color: var(--alga-color-text);
  font-family: var(--alga-font-family);
  font-size: var(--alga-font-size-md);
  line-height: var(--alga-line-height);
  -webkit-font-smoothing: antialiased;
}
body { margin: 0; }
:focus-visible { outline: 2px solid var(--alga-color-focus); outline-offset: 2px; }
a { color: var(--alga-color-primary); }
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
code, pre { font-family: var(--alga-font-family-mono); }
.alga-sr-only {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
`);

/** Adopts the token defaults (and, unless `base: false`, the document base) into `doc`. */
export function installTokens(doc = document, { base = true } = {}) {
  adopt(doc, tokenSheet);
  if (base) adopt(doc, baseSheet);
}
