// A 128-bit non-cryptographic string hash as 32 hex characters (cyrb53-style, four
// seeds), for report fingerprints that must be unique and stable, not secret.
// node:crypto would cost start-up time for every run of the CLI.

export function hash128(text: string): string {
  let out = '';
  for (const seed of [0, 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35]) {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ char, 2654435761);
      h2 = Math.imul(h2 ^ char, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    out += (h1 >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}
