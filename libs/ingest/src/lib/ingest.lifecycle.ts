import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { BronzeBatchWriter } from './events/bronze-batch-writer';
import { JobRegistry } from './jobs/job-registry';
import { LakeAnnouncer } from './notifications/lake-announcer';

/**
 * Stop, before the bus and the lake close: write the
 * open batch, stop the jobs (cursors stay where they got to), give pending notifications a few
 * seconds.
 */
@Injectable()
export class IngestLifecycle implements BeforeApplicationShutdown {
  private readonly logger = new Logger(IngestLifecycle.name);

  constructor(
    private readonly writer: BronzeBatchWriter,
    private readonly jobs: JobRegistry,
    private readonly announcer: LakeAnnouncer,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const started = Date.now();
    await this.writer.close();
    await this.jobs.close();
    const pending = this.announcer.pendingCount;
    await this.announcer.close(5000);
    this.logger.log(`ingest stopped in ${Date.now() - started} ms${pending > 0 ? ` (${pending} notifications were pending)` : ''}`);
  }
}
