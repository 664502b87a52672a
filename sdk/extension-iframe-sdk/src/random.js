// Random identifiers from the platform CSPRNG. crypto.getRandomValues works in every context,
// including opaque-origin sandboxed documents and non-secure contexts (randomUUID does not).

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes = 16) {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  let out = '';
  for (const byte of buffer) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Compares two strings in time independent of where they first differ. */
export function equalStrings(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
