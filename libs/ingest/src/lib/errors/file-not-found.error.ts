import { IngestError } from './ingest.error';

export class FileNotFoundError extends IngestError {
  constructor(readonly path: string, detail: string) {
    super(`cannot read ${path}: ${detail}`, 'FILE_NOT_FOUND', false);
  }
}
