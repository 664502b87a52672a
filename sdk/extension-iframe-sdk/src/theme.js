// Applies theme tokens to a document as CSS custom properties (`--alga-<name>`), through the
// CSSOM: allowed under a CSP without 'unsafe-inline' styles, unlike a style attribute.

const applied = new WeakMap();

/**
 * Sets `--alga-<name>` for every token on `root`, removes tokens applied earlier but absent now,
 * sets `data-alga-scheme` and `color-scheme`. The theme must already be valid (checkTheme).
 */
export function applyTheme(theme, root = document.documentElement) {
  const previous = applied.get(root) ?? new Set();
  const current = new Set();
  for (const [name, value] of Object.entries(theme.tokens)) {
    root.style.setProperty(`--alga-${name}`, value);
    current.add(name);
  }
  for (const name of previous) if (!current.has(name)) root.style.removeProperty(`--alga-${name}`);
  applied.set(root, current);
  root.dataset.algaScheme = theme.scheme;
  root.style.setProperty('color-scheme', theme.scheme);
}
