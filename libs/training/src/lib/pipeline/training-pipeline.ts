import { Logger } from '@nestjs/common';
import {
  evaluateBinaryClassifier,
  HyperparameterSearch,
  HyperparameterSearchConfig,
  predictProbabilities,
  SearchOutcome,
  SearchState,
  TrialExecutor,
  TrialRecord,
} from '@platform/ml';
import { modelArtifactUri, ModelVersion, ParamValue, RegistryService, Run } from '@platform/model-registry';
import { buildModelManifest, testMetricsOf } from '../artifacts/model-manifest.builder';
import { ModelArtifactStore } from '../artifacts/model-artifact-store';
import { TrainingDataset } from '../dataset/training-dataset';
import { TrainingDatasetBuilder } from '../dataset/training-dataset.builder';
import { NoSuccessfulTrialError } from '../errors/no-successful-trial.error';
import { TrainingCancelledError } from '../errors/training-cancelled.error';
import { exportVerifiedOnnx } from '../onnx/export-verified-onnx';
import { TrainingRequest } from '../options/training-request';
import { ModelPromotionService } from '../promotion/model-promotion.service';
import { PromotionDecision } from '../promotion/promotion-policy';
import { RUN_TAGS, testMetricKey, validationMetricKey } from '../registry/run-tags';
import { TrialRunRecorder } from '../registry/trial-run-recorder';
import { DEFAULT_ASHA, DEFAULT_SEARCH_SPACE, FIXED_TRIAL_PARAMS } from '../search/default-search';
import { trainingRequestOfRun, trainingRunParams } from '../registry/training-run-params';
import { InvalidTrainingRequestError } from '../errors/invalid-training-request.error';
import { TrialSegmentFailedError } from '../errors/trial-segment-failed.error';
import { StudyStore } from '../trials/kafka/study-store';
import { fitFinalModel } from './final-fit';
import { TrainingProgressListener, TrainingStage } from './training-progress';
import { TrialExecutorProvider } from './trial-executor.provider';
import { TrialProgressTracker } from './trial-progress.tracker';

export interface TrainingPipelineDependencies {
  readonly registry: RegistryService;
  readonly datasets: TrainingDatasetBuilder;
  readonly artifacts: ModelArtifactStore;
  readonly promotion: ModelPromotionService;
  readonly executors: TrialExecutorProvider;
  /** The code's version, stored with every run and model (BUILD_VERSION@BUILD_COMMIT). */
  readonly codeVersion: string;
  /** Where a search on the Kafka executor keeps its state, so that another coordinator can resume it. */
  readonly studies?: StudyStore;
}

export interface TrainingOutcome {
  readonly runId: string;
  readonly model: string;
  readonly version: number;
  readonly artifactUri: string;
  /** The final model's metrics on the test split. */
  readonly testMetrics: Readonly<Record<string, number>>;
  readonly promotion: PromotionDecision;
  readonly trials: { readonly total: number; readonly completed: number; readonly stopped: number; readonly failed: number };
  readonly bestParams: Readonly<Record<string, ParamValue>>;
  readonly finalRounds: number;
  readonly examples: { readonly train: number; readonly validation: number; readonly test: number };
  readonly events: number;
  readonly durationsMs: { readonly dataset: number; readonly search: number; readonly total: number };
}

const DATASET_KEY = 'training';

/**
 * One training, end to end (DESIGN.md section 7): dataset from the offline store, hyperparameter
 * search (every trial a registry run), final fit, evaluation on the test split, ONNX export
 * verified in ONNX Runtime, a registered version with its files in `storage`, and the champion
 * alias moved only when the new version is better on the same test rows.
 */
export class TrainingPipeline {
  private readonly logger = new Logger(TrainingPipeline.name);

  constructor(private readonly deps: TrainingPipelineDependencies) {}

  /** Refuses a request this process cannot run (its trial executor), before any work or run. */
  assertRunnable(request: TrainingRequest): void {
    this.deps.executors.assertAvailable?.(request.executor);
  }

  /** The training's registry run (RUNNING), created before the work starts so callers get its id at once. */
  createRun(request: TrainingRequest, tags: Record<string, string> = {}): Promise<Run> {
    return this.deps.registry.createRun({
      experiment: request.model,
      name: 'training',
      params: trainingRunParams(request),
      tags: { ...tags, [RUN_TAGS.kind]: 'training', [RUN_TAGS.stage]: 'dataset' },
      codeVersion: this.deps.codeVersion,
    });
  }

  /**
   * Continues a training whose coordinator died (its run still RUNNING): the dataset is built
   * again, and a search on the Kafka executor goes on from its saved state, the segments the
   * workers recorded read back instead of trained again and the trial runs kept.
   */
  async resume(runId: string, listener: TrainingProgressListener = {}, signal?: AbortSignal): Promise<TrainingOutcome> {
    const run = await this.deps.registry.getRun(runId);
    if (run.tags[RUN_TAGS.kind] !== 'training') throw new InvalidTrainingRequestError('runId', `run ${runId} is not a training run`);
    if (run.status !== 'RUNNING') {
      throw new InvalidTrainingRequestError('runId', `training ${runId} is ${run.status}: only one whose coordinator stopped without ending it (RUNNING) can be resumed`);
    }
    this.logger.log(`resuming training ${runId}`);
    return this.execute(runId, trainingRequestOfRun(run.params), listener, signal);
  }

  /** Runs the training of `runId`; the run ends FINISHED, FAILED (with the reason) or KILLED (cancelled). */
  async execute(runId: string, request: TrainingRequest, listener: TrainingProgressListener = {}, signal?: AbortSignal): Promise<TrainingOutcome> {
    const { registry } = this.deps;
    const started = performance.now();
    let stage: TrainingStage = 'dataset';
    const enter = async (next: TrainingStage) => {
      if (signal?.aborted) throw new TrainingCancelledError(stage);
      stage = next;
      listener.onStage?.(next);
      await registry.setTags(runId, { [RUN_TAGS.stage]: next });
    };
    try {
      await enter('dataset');
      const dataset = await this.deps.datasets.build({
        fromMs: request.fromMs,
        toMs: request.toMs,
        exampleMode: request.exampleMode,
        maxExamples: request.maxExamples,
        onProgress: listener.onDataset,
        signal,
      });
      const datasetMs = performance.now() - started;
      await registry.logMetrics(runId, datasetMetrics(dataset));

      await enter('search');
      const searchStarted = performance.now();
      const executor = await this.deps.executors.open({ kind: request.executor, runId, datasetKey: DATASET_KEY, dataset, parallel: request.parallel, signal });
      let search: SearchOutcome;
      let fit: Awaited<ReturnType<typeof fitFinalModel>>;
      let finalRun: Run;
      try {
        search = await this.search(runId, request, executor, listener);
        if (signal?.aborted) throw new TrainingCancelledError(stage);
        const best = search.best;
        if (!best) throw new NoSuccessfulTrialError(search.trials.length, search.trials.find((trial) => trial.error)?.error);
        await enter('final-fit');
        const params = { ...FIXED_TRIAL_PARAMS, seed: request.seed, ...best.params };
        finalRun = await registry.createRun({
          experiment: request.model,
          name: 'final-fit',
          params: { ...(params as Record<string, ParamValue>), best_trial: best.id },
          tags: { [RUN_TAGS.kind]: 'final-fit', [RUN_TAGS.parent]: runId },
          codeVersion: this.deps.codeVersion,
        });
        fit = await fitFinalModel(executor, { datasetKey: DATASET_KEY, params, maxRounds: request.maxRounds });
      } finally {
        await executor.close();
      }
      const searchMs = performance.now() - searchStarted;
      await registry.logMetrics(
        finalRun.id,
        fit.rounds.flatMap(({ round, metrics }) =>
          Object.entries(metrics)
            .filter(([, value]) => Number.isFinite(value))
            .map(([name, value]) => ({ key: validationMetricKey(name), value: value as number, step: round })),
        ),
      );
      const evaluation = evaluateBinaryClassifier(dataset.test.labels, predictProbabilities(fit.model, dataset.test));
      const testMetrics = testMetricsOf(evaluation);
      await registry.logMetrics(finalRun.id, [
        ...Object.entries(testMetrics).map(([name, value]) => ({ key: testMetricKey(name), value })),
        { key: 'best_round', value: fit.bestRound },
        ...evaluation.calibration.flatMap((bin) => [
          { key: 'test_calibration_predicted', value: bin.meanPredicted, step: bin.bin },
          { key: 'test_calibration_observed', value: bin.observedRate, step: bin.bin },
        ]),
      ]);
      await registry.setTags(finalRun.id, { [RUN_TAGS.calibration]: JSON.stringify(evaluation.calibration) });

      await enter('export');
      let exported;
      try {
        exported = await exportVerifiedOnnx(fit.model, dataset.test);
      } catch (error) {
        await registry.failRun(finalRun.id, `ONNX export not registered: ${(error as Error).message}`);
        throw error;
      }

      await enter('register');
      const version = await this.register(request.model, finalRun.id, testMetrics, dataset, async (registered) => {
        const manifest = buildModelManifest({
          model: request.model,
          version: registered.version,
          runId: finalRun.id,
          dataset,
          onnx: exported.metadata,
          evaluation,
          params: fit.params,
          codeVersion: this.deps.codeVersion,
        });
        await this.deps.artifacts.write(manifest, exported.bytes);
      });
      await registry.finishRun(finalRun.id);

      await enter('promote');
      const promotion = await this.deps.promotion.promoteIfBetter(version, dataset);
      await registry.logMetrics(runId, Object.entries(testMetrics).map(([name, value]) => ({ key: testMetricKey(name), value })));
      await registry.setTags(runId, {
        [RUN_TAGS.version]: String(version.version),
        [RUN_TAGS.promotion]: promotion.promoted ? 'promoted' : 'kept-champion',
        [RUN_TAGS.promotionReason]: promotion.reason,
      });
      await enter('done');
      await registry.finishRun(runId);
      const outcome: TrainingOutcome = {
        runId,
        model: request.model,
        version: version.version,
        artifactUri: version.artifactUri,
        testMetrics,
        promotion,
        trials: countTrials(search.trials),
        bestParams: search.best?.params ?? {},
        finalRounds: fit.bestRound,
        examples: { train: dataset.splits.train.examples, validation: dataset.splits.validation.examples, test: dataset.splits.test.examples },
        events: dataset.events.count,
        durationsMs: { dataset: datasetMs, search: searchMs, total: performance.now() - started },
      };
      this.logger.log(`training ${runId}: ${request.model} v${version.version}, test ROC-AUC ${testMetrics['roc_auc']?.toFixed(4)}; ${promotion.reason}`);
      return outcome;
    } catch (error) {
      const cancelled = signal?.aborted === true;
      const reason = cancelled ? new TrainingCancelledError(stage).message : `${stage}: ${(error as Error).message}`;
      await (cancelled ? registry.killRun(runId, reason) : registry.failRun(runId, reason)).catch((cause: unknown) =>
        this.logger.error(`could not mark training ${runId} ended: ${(cause as Error).message}`),
      );
      throw cancelled && !(error instanceof TrainingCancelledError) ? new TrainingCancelledError(stage) : error;
    }
  }

  private async search(runId: string, request: TrainingRequest, executor: TrialExecutor, listener: TrainingProgressListener): Promise<SearchOutcome> {
    const config: HyperparameterSearchConfig = {
      space: DEFAULT_SEARCH_SPACE,
      fixedParams: { ...FIXED_TRIAL_PARAMS, seed: request.seed },
      sampler: { kind: request.sampler, seed: request.seed },
      asha: DEFAULT_ASHA,
      maxRounds: request.maxRounds,
      numTrials: request.trials,
      metric: 'auc',
      ...(request.budgetMs === undefined ? {} : { timeBudgetMs: request.budgetMs }),
      datasetKey: DATASET_KEY,
    };
    const recorder = new TrialRunRecorder(this.deps.registry, {
      experiment: request.model,
      parentRunId: runId,
      metric: config.metric,
      fixedParams: { ...FIXED_TRIAL_PARAMS, seed: request.seed } as Record<string, number>,
    });
    const tracker = new TrialProgressTracker(request.trials, request.budgetMs);
    // Only the Kafka executor's segments outlive this process (their results are in storage): only its search can resume.
    const studies = request.executor === 'kafka' ? this.deps.studies : undefined;
    const search = new HyperparameterSearch(executor, {
      onState: async (state) => {
        await studies?.writeSearchState(runId, withoutCheckpoints(state));
        await recorder.sync(state);
      },
      onTrialEnd: (trial) => listener.onTrial?.(tracker.finished(trial)),
    });
    const saved = (await studies?.readSearchState(runId)) as SearchState | undefined;
    if (!studies || !saved) return search.run(config);
    await recorder.adopt();
    this.logger.log(`training ${runId}: search resumed with ${saved.trials.length} trials already started`);
    return search.resume(await withCheckpoints(studies, runId, saved));
  }

  /** Registers the version (PENDING until its files are written), writes them, and marks it READY (or FAILED_REGISTRATION). */
  private async register(
    model: string,
    runId: string,
    metrics: Record<string, number>,
    dataset: TrainingDataset,
    writeArtifacts: (version: ModelVersion) => Promise<void>,
  ): Promise<ModelVersion> {
    const { registry } = this.deps;
    const pending = await registry.registerVersion({
      model,
      runId,
      artifactUri: (version) => modelArtifactUri(model, version),
      metrics,
      featureSchema: { features: [...dataset.schema.featureNames], vocabularies: dataset.schema.vocabularies, exampleMode: dataset.exampleMode },
      status: 'PENDING_REGISTRATION',
      description: `trained on ${dataset.events.count} events from ${new Date(dataset.events.fromMs).toISOString()} to ${new Date(dataset.events.toMs).toISOString()}`,
    });
    try {
      await writeArtifacts(pending);
    } catch (error) {
      await registry.setVersionStatus(model, pending.version, 'FAILED_REGISTRATION');
      throw error;
    }
    return registry.setVersionStatus(model, pending.version, 'READY');
  }
}

function datasetMetrics(dataset: TrainingDataset) {
  const { splits } = dataset;
  return [
    { key: 'dataset_events', value: dataset.events.count },
    ...(['train', 'validation', 'test'] as const).flatMap((split) => [
      { key: `examples_${split}`, value: splits[split].examples },
      { key: `positives_${split}`, value: splits[split].positives },
    ]),
  ];
}

function countTrials(trials: readonly TrialRecord[]): TrainingOutcome['trials'] {
  const count = (status: TrialRecord['status']) => trials.filter((trial) => trial.status === status).length;
  return { total: trials.length, completed: count('completed'), stopped: count('stopped'), failed: count('failed') };
}

/** The saved state leaves the models out: each is the result of its trial's last segment, already in storage. */
function withoutCheckpoints(state: SearchState): SearchState {
  return { ...state, trials: state.trials.map(({ checkpoint: _checkpoint, ...trial }) => trial) };
}

async function withCheckpoints(studies: StudyStore, runId: string, state: SearchState): Promise<SearchState> {
  const trials = [];
  for (const trial of state.trials) {
    const continues = (trial.status === 'ready' || trial.status === 'running') && trial.completedRounds > 0;
    const result = continues ? await studies.readResult(runId, trial.id, trial.completedRounds) : undefined;
    if (continues && !result) throw new TrialSegmentFailedError(trial.id, trial.completedRounds, 'its checkpoint is missing from the storage bucket: start a new training');
    trials.push(result ? { ...trial, checkpoint: result.model } : trial);
  }
  return { ...state, trials };
}
