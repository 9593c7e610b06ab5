import { createHash, timingSafeEqual } from 'node:crypto';

export type ApiKeyVerdict = 'accepted' | 'missing' | 'invalid';

/**
 * Checks the `x-api-key` header against a configured key (INGEST_API_KEY, INFERENCE_API_KEY).
 * Both sides are hashed first so that `timingSafeEqual` compares equal lengths: the time taken
 * says nothing about the key, not even its length. No key configured: everything is accepted.
 */
export class ApiKeyVerifier {
  private readonly expected?: Buffer;

  constructor(apiKey: string | undefined) {
    this.expected = apiKey === undefined ? undefined : digest(apiKey);
  }

  verify(header: string | string[] | undefined): ApiKeyVerdict {
    if (this.expected === undefined) return 'accepted';
    const given = Array.isArray(header) ? header[0] : header;
    if (given === undefined || given === '') return 'missing';
    return timingSafeEqual(digest(given), this.expected) ? 'accepted' : 'invalid';
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
