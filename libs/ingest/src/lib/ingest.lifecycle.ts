import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IngestConfig } from '@platform/app-runtime';
import type { FastifyInstance } from 'fastify';
import { BronzeBatchWriter } from './events/bronze-batch-writer';
import { registerEventBodyParsers } from './http/event-body-parsers';
import { INGEST_CONFIG } from './ingest.constants';
import { JobRegistry } from './jobs/job-registry';
import { LakeAnnouncer } from './notifications/lake-announcer';

/**
 * Start: the events body parsers (Fastify). Stop, before the bus and the lake close: write the
 * open batch, stop the jobs (cursors stay where they got to), give pending notifications a few
 * seconds.
 */
@Injectable()
export class IngestLifecycle implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(IngestLifecycle.name);

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly writer: BronzeBatchWriter,
    private readonly jobs: JobRegistry,
    private readonly announcer: LakeAnnouncer,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (!adapter) return; // an application context (CLI): no HTTP
    if (adapter.getType() !== 'fastify') {
      throw new Error(`IngestModule needs the Fastify HTTP adapter (runService http: 'fastify'), not ${adapter.getType()}`);
    }
    registerEventBodyParsers(adapter.getInstance<FastifyInstance>(), this.config.maxBodyBytes);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const started = Date.now();
    await this.writer.close();
    await this.jobs.close();
    const pending = this.announcer.pendingCount;
    await this.announcer.close(5000);
    this.logger.log(`ingest stopped in ${Date.now() - started} ms${pending > 0 ? ` (${pending} notifications were pending)` : ''}`);
  }
}
