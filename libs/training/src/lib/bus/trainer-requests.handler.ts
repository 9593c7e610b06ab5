import { Injectable, Logger } from '@nestjs/common';
import type { TrainerRequest } from '@platform/kafka-events';
import { RegistryService } from '@platform/model-registry';
import { InvalidTrainingRequestError } from '../errors/invalid-training-request.error';
import { ModelViews } from '../http/model-views.service';
import { RUN_TAGS } from '../registry/run-tags';
import { TrainingRuns } from '../runs/training-runs.service';

/**
 * `trainer.requests`: `train` starts a training with `params` as the REST body (and returns: the
 * offset is committed once the run exists); `promote` moves an alias as `POST /models/:name/aliases`
 * does, `params.model` naming the model. A request is validated like its REST twin, and a bad
 * one (or one arriving while a training runs) goes to `trainer.requests.dlq` with the reason.
 * A redelivered `train` (same `requestId`) whose run exists is not started again.
 */
@Injectable()
export class TrainerRequestsHandler {
  private readonly logger = new Logger(TrainerRequestsHandler.name);

  constructor(
    private readonly runs: TrainingRuns,
    private readonly models: ModelViews,
    private readonly registry: RegistryService,
  ) {}

  async handle(request: TrainerRequest): Promise<void> {
    const params = Object.fromEntries(Object.entries(request.params ?? {}).filter(([, value]) => value !== null));
    switch (request.command) {
      case 'train': {
        if (request.requestId !== undefined && (await this.alreadyStarted(request.requestId, params))) {
          this.logger.log(`trainer.requests ${request.requestId}: already started, ignored`);
          return;
        }
        const started = await this.runs.start(params, 'kafka', { requestId: request.requestId });
        this.logger.log(`trainer.requests ${request.requestId ?? ''}: training ${started.runId} started`);
        return;
      }
      case 'promote': {
        const { model, ...change } = params;
        if (typeof model !== 'string') throw new InvalidTrainingRequestError('params.model', 'expected the name of the model whose alias moves');
        await this.models.moveAlias(model, { actor: 'kafka', ...change });
        return;
      }
      default:
        throw new InvalidTrainingRequestError('command', `the trainer handles train and promote, not ${request.command}`);
    }
  }

  private async alreadyStarted(requestId: string, params: Record<string, unknown>): Promise<boolean> {
    const model = typeof params['model'] === 'string' ? params['model'] : undefined;
    const runs = await this.registry.searchRuns({ ...(model === undefined ? {} : { experiments: [model] }), limit: 1000 }).catch(() => []);
    return runs.some((run) => run.tags[RUN_TAGS.requestId] === requestId);
  }
}
