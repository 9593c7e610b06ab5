import { TrainingError } from './training.error';

/** The model's files could not be written to (or read from) the lake. */
export class ArtifactStoreError extends TrainingError {
  readonly code = 'ARTIFACT_WRITE_FAILED';

  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
