import { Logger } from '@nestjs/common';
import { formatDuration } from '../options/duration.util';
import { TrainingProgressListener, TrialProgress } from '../pipeline/training-progress';
import { DatasetBuildProgress } from '../dataset/training-dataset.builder';

/** One line per trial: its parameters, its validation AUC, the best so far, the ETA. */
export function trialProgressLine(progress: TrialProgress): string {
  const params = Object.entries(progress.params)
    .map(([name, value]) => `${name}=${typeof value === 'number' && !Number.isInteger(value) ? value.toPrecision(3) : String(value)}`)
    .join(' ');
  const auc = Number.isFinite(progress.validationAuc) ? progress.validationAuc.toFixed(4) : 'n/a';
  const best = Number.isFinite(progress.bestValidationAuc) ? progress.bestValidationAuc.toFixed(4) : 'n/a';
  return (
    `trial ${progress.finished}/${progress.total} ${progress.trialId} ${progress.status} after ${progress.rounds} rounds | ${params} | ` +
    `valid AUC ${auc} | best ${best} | ${formatDuration(progress.elapsedMs)} elapsed, ETA ${formatDuration(progress.etaMs)}`
  );
}

/** One line per tenth of a dataset pass: events read, rate and ETA of the pass. */
function datasetProgressLine(progress: DatasetBuildProgress, passStartedMs: number): string {
  const seconds = Math.max(1e-3, (progress.elapsedMs - passStartedMs) / 1000);
  const rate = progress.eventsRead / seconds;
  const eta = ((progress.totalEvents - progress.eventsRead) / Math.max(rate, 1e-9)) * 1000;
  const pass = progress.pass === 'labels' ? 'pass 1/2 (labels)' : `pass 2/2 (replay, ${progress.examples} examples)`;
  return `dataset ${pass}: ${progress.eventsRead}/${progress.totalEvents} events, ${Math.round(rate)} events/s, ETA ${formatDuration(eta)}`;
}

/** Progress of a training in the app's log (the CLI prints its own). */
export function loggingProgressListener(logger: Logger): TrainingProgressListener {
  let pass: DatasetBuildProgress['pass'] | undefined;
  let passStarted = 0;
  let nextTenth = 0;
  return {
    onStage: (stage) => logger.log(`stage ${stage}`),
    onDataset: (progress) => {
      if (progress.pass !== pass) {
        pass = progress.pass;
        passStarted = progress.elapsedMs;
        nextTenth = 0;
      }
      const tenth = Math.floor((10 * progress.eventsRead) / Math.max(1, progress.totalEvents));
      if (tenth < nextTenth) return;
      nextTenth = tenth + 1;
      logger.log(datasetProgressLine(progress, passStarted));
    },
    onTrial: (progress) => logger.log(trialProgressLine(progress)),
  };
}
