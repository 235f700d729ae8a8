// Bytes → text for every file pushgate reads (disk or git objects): UTF-8, or
// UTF-16 when a BOM says so. Invalid UTF-8 becomes U+FFFD, never a throw.

export function decodeText(buffer: Buffer): string {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return buffer.toString('utf8');
}
