import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigError, IngestConfig } from '@platform/app-runtime';
import { CronJob, validateCronExpression } from 'cron';
import { JobConflictError } from '../errors/job-conflict.error';
import { INGEST_CONFIG } from '../ingest.constants';
import { IngestJobs } from '../jobs/ingest-jobs.service';

/**
 * `REPLAY_CRON`: each firing runs one tick of the replay (`REPLAY_OBJECTS_PER_TICK` objects from
 * the cursor), the schedule the Airflow DAG had. A firing while the previous one still runs is
 * skipped. Times are UTC. Run it on one replica: the cursor is shared, the guard is per process.
 */
@Injectable()
export class ReplayScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReplayScheduler.name);
  private job?: CronJob;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly jobs: IngestJobs,
  ) {
    const { cron } = config.replay;
    if (cron !== undefined) {
      const { valid, error } = validateCronExpression(cron);
      if (!valid) throw new ConfigError([`REPLAY_CRON=${JSON.stringify(cron)}: expected a cron expression (${String((error as Error)?.message ?? error)})`]);
    }
  }

  onApplicationBootstrap(): void {
    const { cron, prefix, objectsPerTick } = this.config.replay;
    if (cron === undefined) return;
    this.job = CronJob.from({ cronTime: cron, onTick: () => this.fire(), start: true, timeZone: 'UTC' });
    this.logger.log(`replaying ${prefix} into bronze on "${cron}" (UTC), ${objectsPerTick} object(s) per firing; next at ${this.job.nextDate().toISO()}`);
  }

  onApplicationShutdown(): void {
    void this.job?.stop();
  }

  private fire(): void {
    try {
      this.jobs.startReplay({ maxTicks: 1 });
    } catch (error) {
      if (error instanceof JobConflictError) this.logger.warn(`scheduled replay skipped: ${error.message}`);
      else this.logger.error(`scheduled replay not started: ${(error as Error).message}`);
    }
  }
}
