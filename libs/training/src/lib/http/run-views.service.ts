import { Inject, Injectable } from '@nestjs/common';
import type { TrainerConfig } from '@platform/app-runtime';
import { MetricHistoryPoint, RegistryService, Run } from '@platform/model-registry';
import { InvalidTrainingRequestError } from '../errors/invalid-training-request.error';
import { TRAINER_CONFIG } from '../nest/training.constants';
import { RUN_TAGS, RunKind } from '../registry/run-tags';

const RUN_KINDS: readonly (RunKind | 'all')[] = ['training', 'trial', 'final-fit', 'all'];
/** Runs looked at per listing (newest first); a listing returns at most `limit` of them. */
const SCANNED_RUNS = 10_000;

export interface RunSummary {
  id: string;
  name: string | null;
  kind: string | undefined;
  status: Run['status'];
  startTime: Date;
  endTime: Date | null;
  latestMetrics: Record<string, number>;
  tags: Record<string, string>;
}

export interface RunDetail extends RunSummary {
  params: Run['params'];
  codeVersion: string | null;
  /** Every metric's whole series, by key (step = boosting round for validation metrics). */
  metrics: Record<string, MetricHistoryPoint[]>;
  /** A training's trials and final fit. */
  children?: RunSummary[];
}

/** The registry's runs as the REST API shows them. */
@Injectable()
export class RunViews {
  constructor(
    private readonly registry: RegistryService,
    @Inject(TRAINER_CONFIG) private readonly config: TrainerConfig,
  ) {}

  async list(query: { model?: string; kind?: string; limit?: string }): Promise<RunSummary[]> {
    const kind = (query.kind ?? 'training') as RunKind | 'all';
    if (!RUN_KINDS.includes(kind)) throw new InvalidTrainingRequestError('kind', `expected one of ${RUN_KINDS.join(', ')}`);
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InvalidTrainingRequestError('limit', 'expected a whole number from 1 to 1000');
    const runs = await this.registry.searchRuns({ experiments: [query.model ?? this.config.model], limit: SCANNED_RUNS });
    return runs.filter((run) => kind === 'all' || run.tags[RUN_TAGS.kind] === kind).slice(0, limit).map(summary);
  }

  async get(runId: string): Promise<RunDetail> {
    const run = await this.registry.getRun(runId);
    const metrics: Record<string, MetricHistoryPoint[]> = {};
    for (const key of Object.keys(run.latestMetrics).sort()) metrics[key] = await this.registry.getMetricHistory(run.id, key);
    const detail: RunDetail = { ...summary(run), params: run.params, codeVersion: run.codeVersion, metrics };
    const model = run.params['model'];
    if (run.tags[RUN_TAGS.kind] === 'training' && typeof model === 'string') {
      const siblings = await this.registry.searchRuns({ experiments: [model], limit: SCANNED_RUNS });
      detail.children = siblings.filter((child) => child.tags[RUN_TAGS.parent] === run.id).map(summary).reverse();
    }
    return detail;
  }
}

function summary(run: Run): RunSummary {
  return {
    id: run.id,
    name: run.name,
    kind: run.tags[RUN_TAGS.kind],
    status: run.status,
    startTime: run.startTime,
    endTime: run.endTime,
    latestMetrics: run.latestMetrics,
    tags: run.tags,
  };
}
