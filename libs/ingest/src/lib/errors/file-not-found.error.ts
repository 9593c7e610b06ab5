import { IngestError } from './ingest.error';

export class FileNotFoundError extends IngestError {
  readonly code = 'FILE_NOT_FOUND';
  readonly retriable = false;

  constructor(readonly path: string, detail: string) {
    super(`cannot read ${path}: ${detail}`);
  }
}
