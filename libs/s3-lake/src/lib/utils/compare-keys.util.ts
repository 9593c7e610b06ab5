/**
 * S3 orders keys by their UTF-8 bytes. JavaScript's string comparison is by UTF-16 code units,
 * which disagrees for characters above U+FFFF against U+E000..U+FFFF, so compare the bytes.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
