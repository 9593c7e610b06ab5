import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformConfig } from '@platform/app-runtime';
import { Presets, SingleBar } from 'cli-progress';
import { TrainingModule } from '../lib/nest/training.module';
import { formatDuration } from '../lib/options/duration.util';
import { parseTrainingRequest, TrainingRequestInput } from '../lib/options/training-request';
import { TrainingOutcome, TrainingPipeline } from '../lib/pipeline/training-pipeline';
import { TrainingProgressListener } from '../lib/pipeline/training-progress';
import { RUN_TAGS } from '../lib/registry/run-tags';
import { trialProgressLine } from '../lib/runs/training-progress.logger';

/**
 * `train`: one training in this process, with the app's adapters: a progress bar per dataset
 * pass, a line per finished trial (its parameters, validation AUC, the best so far, the ETA), a
 * line per stage, then a summary on stderr and the outcome as JSON on stdout. SIGINT cancels.
 */
export async function runTrainCommand(
  config: PlatformConfig,
  input: TrainingRequestInput,
  options: { progress: boolean; resume?: string },
): Promise<TrainingOutcome> {
  const request = parseTrainingRequest({ model: config.trainer.model, executor: config.trainer.trialExecutor, ...input });
  Logger.overrideLogger(['error', 'warn']);
  const context: INestApplicationContext = await NestFactory.createApplicationContext(
    TrainingModule.forRoot(config, { serve: false, schedule: false }),
    { logger: ['error', 'warn'] },
  );
  const abort = new AbortController();
  const cancel = () => abort.abort();
  process.once('SIGINT', cancel);
  const progress = cliProgress(options.progress);
  try {
    const pipeline = context.get(TrainingPipeline);
    if (options.resume !== undefined) {
      process.stderr.write(`resuming training run ${options.resume}\n`);
      return await pipeline.resume(options.resume, progress.listener, abort.signal);
    }
    pipeline.assertRunnable(request);
    const run = await pipeline.createRun(request, { [RUN_TAGS.origin]: 'cli' });
    process.stderr.write(`training run ${run.id} of ${request.model}: ${request.trials} trials, ${request.parallel} in parallel, ${request.executor}\n`);
    return await pipeline.execute(run.id, request, progress.listener, abort.signal);
  } finally {
    progress.stop();
    process.removeListener('SIGINT', cancel);
    await context.close();
  }
}

function cliProgress(enabled: boolean): { listener: TrainingProgressListener; stop: () => void } {
  let bar: SingleBar | undefined;
  let pass: string | undefined;
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  const write = (line: string) => process.stderr.write(`${line}\n`);
  return {
    stop: stopBar,
    listener: {
      onStage: (stage) => {
        stopBar();
        write(`stage ${stage}`);
      },
      onDataset: (progress) => {
        if (!enabled) return;
        if (progress.pass !== pass) {
          stopBar();
          pass = progress.pass;
          bar = new SingleBar(
            {
              stream: process.stderr,
              format: `dataset ${pass === 'labels' ? 'pass 1/2 labels ' : 'pass 2/2 replay '}|{bar}| {percentage}% | {value}/{total} events | {examples} examples | ETA {eta_formatted}`,
              etaBuffer: 20,
              fps: 5,
              noTTYOutput: true,
              notTTYSchedule: 5000,
              hideCursor: true,
            },
            Presets.shades_classic,
          );
          bar.start(progress.totalEvents, 0, { examples: 0 });
        }
        bar?.update(progress.eventsRead, { examples: progress.examples });
      },
      onTrial: (progress) => write(trialProgressLine(progress)),
    },
  };
}

/** The summary printed after a training (stderr), one fact per line. */
export function trainingSummary(outcome: TrainingOutcome): string {
  const metric = (name: string) => outcome.testMetrics[name]?.toFixed(4) ?? 'n/a';
  const { trials, examples, durationsMs } = outcome;
  return [
    `training ${outcome.runId}: ${outcome.model} v${outcome.version} registered at ${outcome.artifactUri}`,
    `  test ROC-AUC ${metric('roc_auc')}, PR-AUC ${metric('pr_auc')}, log loss ${metric('log_loss')}, F1 ${metric('f1')} at threshold ${metric('threshold')}`,
    `  ${outcome.promotion.promoted ? 'promoted to champion' : 'champion kept'}: ${outcome.promotion.reason}`,
    `  trials ${trials.total} (${trials.completed} completed, ${trials.stopped} stopped, ${trials.failed} failed); final fit ${outcome.finalRounds} rounds; ` +
      `best ${Object.entries(outcome.bestParams).map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(3) : String(v)}`).join(' ')}`,
    `  ${outcome.events} events → ${examples.train}/${examples.validation}/${examples.test} train/validation/test examples`,
    `  dataset ${formatDuration(durationsMs.dataset)}, search and final fit ${formatDuration(durationsMs.search)}, total ${formatDuration(durationsMs.total)}`,
  ].join('\n');
}
