/**
 * Object keys in S3/MinIO event records are form-URL-encoded: MinIO runs Go's `url.QueryEscape`
 * (space → `+`, `/` → `%2F`, UTF-8 bytes → `%XX`), AWS documents `red flower.jpg` → `red+flower.jpg`.
 */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/** The inverse, byte for byte what Go's `url.QueryEscape` produces (only `A-Za-z0-9-_.~` stay). */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
