/** S3 sends eTags in quotes (`"9e10..."`); the lake hands them out bare in every driver. */
export function normalizeETag(eTag: string | undefined): string {
  return (eTag ?? '').replace(/^(W\/)?"(.*)"$/, '$2');
}
