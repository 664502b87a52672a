"""Finding elements through open shadow roots (the console's tables render their action buttons
inside Web Components, out of reach of plain `getElementById`)."""

# JS body: the first element with id `arguments[0]` in the document or any open shadow root, or
# null. Run it with `browser.js(DEEP, element_id)`.
DEEP = """
const want = arguments[0];
const roots = [document];
while (roots.length) {
  const root = roots.pop();
  const hit = root.getElementById(want);
  if (hit) return hit;
  for (const element of root.querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
}
return null;
"""

# The same as an expression, for conditions: f"return {DEEP_CALL} !== null".
DEEP_CALL = f"(() => {{{DEEP}}})(...arguments)"
