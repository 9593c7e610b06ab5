/** The bytes in chunks of the given sizes (cycled), the way a socket or a lake stream hands them over. */
export function chunked(bytes: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let start = 0, i = 0; start < bytes.length; i++) {
    const size = sizes.length === 0 ? bytes.length : (sizes[i % sizes.length] ?? 1);
    chunks.push(bytes.subarray(start, start + size));
    start += size;
  }
  return chunks;
}
