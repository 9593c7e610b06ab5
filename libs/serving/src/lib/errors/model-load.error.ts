import { ServingError } from './serving.error';

/** Why a version could not be served: its artifacts, its manifest, the runtime or its warm-up. */
export type ModelLoadStage = 'artifacts' | 'manifest' | 'runtime' | 'warmup';

/** A model version that cannot be served; the one already serving stays. */
export class ModelLoadError extends ServingError {
  constructor(
    readonly stage: ModelLoadStage,
    message: string,
    /** A lake that did not answer may work later; a corrupt file never will. */
    retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, 'MODEL_LOAD_FAILED', retriable, options);
  }
}
