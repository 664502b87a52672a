// Constructable stylesheets: the kit's only way of styling. They are adopted by shadow roots
// (and the document), so the kit needs no <style> elements and no style attributes, and works
// under a CSP whose style-src is just 'self'.

const cache = new Map();

/** A CSSStyleSheet for `cssText`, created once per distinct text. */
export function sheet(cssText) {
  let cached = cache.get(cssText);
  if (!cached) {
    cached = new CSSStyleSheet();
    cached.replaceSync(cssText);
    cache.set(cssText, cached);
  }
  return cached;
}

/** Adds `sheets` to a document's or shadow root's adopted stylesheets (once each). */
export function adopt(target, ...sheets) {
  const current = target.adoptedStyleSheets;
  const missing = sheets.filter((s) => !current.includes(s));
  if (missing.length > 0) target.adoptedStyleSheets = [...current, ...missing];
}
