import { INestApplication } from '@nestjs/common';
import { TrainingOutcome, TrainingProgressListener, TrainingRequestInput, TrainingRuns } from '@platform/training';
import { formatCount, say, StageProgress } from './stage-progress';

/**
 * Trains through the trainer app's own `TrainingRuns` (as `POST /train` does), with a bar per
 * dataset pass and for the search, and returns the outcome (registered, promoted or not).
 */
export async function trainModel(trainer: INestApplication, request: TrainingRequestInput): Promise<TrainingOutcome> {
  const runs = trainer.get(TrainingRuns);
  let bar: StageProgress | undefined;
  let barName = '';
  const open = (name: string, total: number, unit: string) => {
    if (barName === name && bar) return bar;
    bar?.abandon();
    barName = name;
    bar = new StageProgress(name, total, unit);
    return bar;
  };
  const close = () => {
    bar?.abandon();
    bar = undefined;
    barName = '';
  };
  const listener: TrainingProgressListener = {
    onStage: (stage) => {
      if (stage === 'search' || stage === 'dataset') return;
      close();
      if (stage !== 'done') say(`train      ${stage}`);
    },
    onDataset: (p) =>
      open(p.pass === 'labels' ? 'dataset 1/2' : 'dataset 2/2', p.totalEvents, 'events').update(p.eventsRead, `${formatCount(p.examples)} examples`),
    onTrial: (p) =>
      open('search', p.total, 'trials').update(p.finished, `best validation AUC ${p.bestValidationAuc.toFixed(4)}`, p.total),
  };
  const started = await runs.start(request, 'cli', { listener });
  say(`train      run ${started.runId} of ${started.model}`);
  const outcome = await runs.settled();
  close();
  if (!outcome) throw new Error(`training ${started.runId} failed: its error is logged above; GET /runs/${started.runId} on the trainer shows the run`);
  for (const line of summaryLines(outcome)) say(`train      ${line}`);
  return outcome;
}

function summaryLines(outcome: TrainingOutcome): string[] {
  const metric = (name: string) => outcome.testMetrics[name]?.toFixed(4) ?? 'n/a';
  const { trials, examples } = outcome;
  return [
    `${outcome.model} v${outcome.version}: test ROC-AUC ${metric('roc_auc')}, PR-AUC ${metric('pr_auc')}, log loss ${metric('log_loss')}`,
    `${formatCount(outcome.events)} events → ${formatCount(examples.train)}/${formatCount(examples.validation)}/${formatCount(examples.test)} train/validation/test examples; ` +
      `${trials.total} trials (${trials.completed} completed, ${trials.stopped} stopped early, ${trials.failed} failed), final fit ${outcome.finalRounds} rounds`,
    `${outcome.promotion.promoted ? 'promoted to champion' : 'champion kept'}: ${outcome.promotion.reason}`,
  ];
}
