// Bytes → text for every file pushgate reads (disk or git objects): UTF-8, or
// UTF-16 when a BOM says so. Invalid UTF-8 becomes U+FFFD, never a throw.

export function decodeText(buffer: Buffer): string {
  const little = buffer[0] === 0xff && buffer[1] === 0xfe;
  if (little || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    // A trailing odd byte is half a UTF-16 unit: it becomes U+FFFD (swap16 would throw on it).
    const odd = (buffer.length - 2) % 2 === 1;
    const body = buffer.subarray(2, odd ? buffer.length - 1 : buffer.length);
    let units = body;
    if (!little) {
      units = Buffer.from(body);
      units.swap16();
    }
    return units.toString('utf16le') + (odd ? '\uFFFD' : '');
  }
  return buffer.toString('utf8');
}
