import { IngestError } from './ingest.error';

/** A `POST /events` body whose content type, charset or content encoding the gateway does not read (415). */
export class UnsupportedMediaTypeError extends IngestError {
  constructor(
    problem: string,
    /** Every content type `POST /events` reads, so a client can pick one. */
    readonly supported: readonly string[],
  ) {
    super(`${problem}; POST /events reads ${supported.join(', ')} (charset utf-8; gzip bodies as application/gzip or with Content-Encoding: gzip)`, 'UNSUPPORTED_MEDIA_TYPE', false);
  }
}
