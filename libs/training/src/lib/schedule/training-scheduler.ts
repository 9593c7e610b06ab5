import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigError, TrainerConfig } from '@platform/app-runtime';
import { CronJob, validateCronExpression } from 'cron';
import { TrainingInProgressError } from '../errors/training-in-progress.error';
import { TRAINER_CONFIG } from '../nest/training.constants';
import { TrainingRuns } from '../runs/training-runs.service';

/**
 * `TRAIN_CRON` (off by default): each firing starts a training with the default request (all
 * events, TRAINER_MODEL). A firing while a training runs is skipped. Times are UTC.
 */
@Injectable()
export class TrainingScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TrainingScheduler.name);
  private job?: CronJob;

  constructor(
    @Inject(TRAINER_CONFIG) private readonly config: TrainerConfig,
    private readonly runs: TrainingRuns,
  ) {
    const { cron } = config;
    if (cron !== undefined) {
      const { valid, error } = validateCronExpression(cron);
      if (!valid) throw new ConfigError([`TRAIN_CRON=${JSON.stringify(cron)}: expected a cron expression (${String((error as Error)?.message ?? error)})`]);
    }
  }

  onApplicationBootstrap(): void {
    const { cron } = this.config;
    if (cron === undefined) return;
    this.job = CronJob.from({ cronTime: cron, onTick: () => void this.fire(), start: true, timeZone: 'UTC' });
    this.logger.log(`training ${this.config.model} on "${cron}" (UTC); next at ${this.job.nextDate().toISO()}`);
  }

  onApplicationShutdown(): void {
    void this.job?.stop();
  }

  private async fire(): Promise<void> {
    try {
      await this.runs.start({}, 'schedule');
    } catch (error) {
      if (error instanceof TrainingInProgressError) this.logger.warn(`scheduled training skipped: ${error.message}`);
      else this.logger.error(`scheduled training not started: ${(error as Error).message}`);
    }
  }
}
