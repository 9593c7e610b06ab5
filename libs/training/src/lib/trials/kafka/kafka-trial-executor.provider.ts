import type { TrialExecutor } from '@platform/ml';
import type { RegistryService } from '@platform/model-registry';
import type { TrialExecutorProvider, TrialExecutorRequest } from '../../pipeline/trial-executor.provider';
import { KafkaTrialExecutor, TrialPublisher } from './kafka-trial.executor';
import { StudyStore } from './study-store';

/** Opens a training's Kafka executor: writes the train/validation pair once to the study's folder, then sends segments. */
export class KafkaTrialExecutorProvider implements TrialExecutorProvider {
  constructor(
    private readonly deps: { registry: Pick<RegistryService, 'getRun'>; store: StudyStore; publish: TrialPublisher; pollMs?: number },
  ) {}

  async open(request: TrialExecutorRequest): Promise<TrialExecutor> {
    const { train, validation } = request.dataset;
    await this.deps.store.writeDataset(request.runId, { train, validation });
    return new KafkaTrialExecutor({
      studyId: request.runId,
      concurrency: request.parallel,
      publish: this.deps.publish,
      registry: this.deps.registry,
      store: this.deps.store,
      ...(this.deps.pollMs === undefined ? {} : { pollMs: this.deps.pollMs }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
  }
}
