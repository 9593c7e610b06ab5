import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JOB_HEARTBEAT_MS, JobRegistry } from './job-registry';
import { JobStore } from './job.store';
import { IngestJobs } from './ingest-jobs.service';

const SCAN_EVERY_MS = 10_000;
/** A running job whose owner has not saved it for this long is taken to be dead (killed). */
const STALE_AFTER_MS = 6 * JOB_HEARTBEAT_MS;

/**
 * Resumes the jobs other gateways left unfinished: `interrupted` at their shutdown, or `running`
 * with a heartbeat that stopped (killed). Looks at start and every 10 s; a bulk load goes on
 * from its last written part, a replay from its cursor, a reconciliation from the start.
 */
@Injectable()
export class InterruptedJobsResumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InterruptedJobsResumer.name);
  private timer?: NodeJS.Timeout;
  private scanning?: Promise<void>;

  constructor(
    private readonly store: JobStore,
    private readonly registry: JobRegistry,
    private readonly jobs: IngestJobs,
  ) {}

  onApplicationBootstrap(): void {
    this.scanning = this.scan();
    this.timer = setInterval(() => void (this.scanning = this.scan()), SCAN_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.scanning;
  }

  /** Claims and resumes what is unfinished; resolves once they are started. */
  async scan(): Promise<void> {
    try {
      for (const view of await this.store.claimInterrupted(this.registry.owner, STALE_AFTER_MS)) {
        try {
          await this.jobs.resume(view);
        } catch (error) {
          this.logger.error(`${view.kind} job ${view.id} not resumed: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      this.logger.warn(`unfinished jobs not looked at (next try in ${SCAN_EVERY_MS / 1000} s): ${(error as Error).message}`);
    }
  }
}
