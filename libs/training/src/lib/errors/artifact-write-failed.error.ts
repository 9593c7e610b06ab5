import { TrainingError } from './training.error';

/** The model's files could not be written to (or read from) the lake. */
export class ArtifactStoreError extends TrainingError {
  constructor(message: string, retriable: boolean, options?: { cause?: unknown }) {
    super(message, 'ARTIFACT_WRITE_FAILED', retriable, options);
  }
}
