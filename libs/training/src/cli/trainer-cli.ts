import { ConfigError, loadPlatformConfig, PlatformConfig } from '@platform/app-runtime';
import { Command } from 'commander';
import { TrainingRequestInput } from '../lib/options/training-request';
import { runTrainCommand, trainingSummary } from './train.command';

/** `trainer train`: a training from a shell, configured by the same environment as the app. */
export function trainerCli(): Command {
  const program = new Command('trainer').description('trainings of the purchase-propensity model (libs/training/README.md)').showHelpAfterError();
  program
    .command('train')
    .description('build the dataset from the offline store, search, fit, export, register and promote; a line per trial')
    .option('--model <name>', 'the registered model (default TRAINER_MODEL or purchase-propensity)')
    .option('--from <instant>', 'first event time, ISO 8601 (default: the oldest event)')
    .option('--to <instant>', 'end of the event times, exclusive (default: after the newest)')
    .option('--example-mode <mode>', 'first-view (default) or cart')
    .option('--max-examples <n>', 'keep about this many examples', Number)
    .option('--trials <n>', 'trials of the search (default 20)', Number)
    .option('--parallel <n>', 'trials at the same time (default 2)', Number)
    .option('--budget <duration>', 'no new trial segment after this long, e.g. 10m, 90s, 1h')
    .option('--sampler <kind>', 'tpe (default) or random')
    .option('--seed <n>', 'seed of the sampler and of training (default 42)', Number)
    .option('--max-rounds <n>', 'boosting rounds of a trial ASHA never stops (default 300)', Number)
    .option('--executor <kind>', 'threads (default) or kafka (trainer workers)')
    .option('--resume <runId>', 'continue a training whose coordinator died (its run still RUNNING; Kafka executor): other flags are ignored')
    .option('--no-progress', 'no progress bar for the dataset passes')
    .action(async (options: Record<string, unknown>) => {
      const config = loadCliConfig();
      const { progress, resume, ...flags } = options;
      const outcome = await runTrainCommand(config, definedOnly(flags) as TrainingRequestInput, {
        progress: progress !== false,
        ...(typeof resume === 'string' ? { resume } : {}),
      });
      process.stderr.write(`${trainingSummary(outcome)}\n`);
      process.stdout.write(`${JSON.stringify(outcome)}\n`);
    });
  return program;
}

function definedOnly(flags: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
}

/** The trainer's configuration from the environment, as the app reads it; a bad variable exits 1 naming it. */
function loadCliConfig(): PlatformConfig {
  try {
    return loadPlatformConfig(process.env, { app: 'trainer', defaultPort: 3003 });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`trainer: invalid configuration: ${problem}\n`);
    process.exit(1);
  }
}
