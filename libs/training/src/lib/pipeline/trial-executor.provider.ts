import type { TrialExecutor } from '@platform/ml';
import type { TrainingDataset } from '../dataset/training-dataset';
import { InvalidTrainingRequestError } from '../errors/invalid-training-request.error';
import { PiscinaTrialExecutor } from '../trials/piscina-trial.executor';

export type TrialExecutorKind = 'threads' | 'kafka';

export interface TrialExecutorRequest {
  readonly kind: TrialExecutorKind;
  /** The training run the trials belong to (names the search on Kafka). */
  readonly runId: string;
  readonly datasetKey: string;
  readonly dataset: TrainingDataset;
  readonly parallel: number;
  /** Stops the segments in flight when the training is cancelled. */
  readonly signal?: AbortSignal;
}

/** Opens the executor a training asked for; the training closes it. */
export interface TrialExecutorProvider {
  open(request: TrialExecutorRequest): Promise<TrialExecutor>;
  /** Throws, naming the fix, when `kind` cannot run here: checked when a training is asked for, before any work. */
  assertAvailable?(kind: TrialExecutorKind): void;
}

/** Worker threads of this process (piscina); `workerFilename` for a bundled app (see PiscinaTrialExecutor). */
export class ThreadTrialExecutorProvider implements TrialExecutorProvider {
  constructor(private readonly workerFilename?: string) {}

  async open(request: TrialExecutorRequest): Promise<TrialExecutor> {
    if (request.kind !== 'threads') throw new Error(`trial executor ${request.kind} is not available in this process`);
    const { train, validation } = request.dataset;
    return new PiscinaTrialExecutor({
      datasets: { [request.datasetKey]: { train, validation } },
      threads: request.parallel,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      ...(this.workerFilename === undefined ? {} : { workerFilename: this.workerFilename }),
    });
  }
}

/** Picks the executor a training asked for: worker threads here, or the Kafka worker group when configured. */
export class TrialExecutorSwitch implements TrialExecutorProvider {
  constructor(private readonly executors: Partial<Record<TrialExecutorKind, TrialExecutorProvider>>) {}

  open(request: TrialExecutorRequest): Promise<TrialExecutor> {
    this.assertAvailable(request.kind);
    return (this.executors[request.kind] as TrialExecutorProvider).open(request);
  }

  assertAvailable(kind: TrialExecutorKind): void {
    if (this.executors[kind]) return;
    throw new InvalidTrainingRequestError(
      'executor',
      kind === 'kafka'
        ? 'the kafka executor sends trials on trainer.trials: set KAFKA_BROKERS and start workers (TRAINER_ROLE=worker npx nx serve trainer), or use threads'
        : `the ${kind} executor is not available in this process`,
    );
  }
}
