import { IngestError } from './ingest.error';

/** A bulk-load path that leads outside `INGEST_BULK_LOAD_DIR` once symlinks are resolved (403). */
export class PathNotAllowedError extends IngestError {
  constructor(readonly path: string) {
    super(
      `path ${JSON.stringify(path)} resolves (through a symlink) to a file outside INGEST_BULK_LOAD_DIR: only files inside it can be loaded; copy the file there`,
      'PATH_NOT_ALLOWED',
      false,
    );
  }
}
