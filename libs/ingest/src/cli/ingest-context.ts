import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformConfig } from '@platform/app-runtime';
import { IngestModule } from '../lib/ingest.module';

/**
 * The gateway's services without HTTP (replay, reconciliation from a shell), with the same
 * adapters as the app. With the in-process bus nobody in this process consumes the
 * notifications, so the commands warn: set KAFKA_BROKERS, or ask the running gateway instead.
 */
export async function withIngestContext<T>(config: PlatformConfig, work: (context: INestApplicationContext, signal: AbortSignal) => Promise<T>): Promise<T> {
  if (config.kafka.kind === 'in-process') {
    process.stderr.write('ingest: KAFKA_BROKERS is unset: notifications stay in this process; use the gateway (POST /jobs/...) or set KAFKA_BROKERS\n');
  }
  const context = await NestFactory.createApplicationContext(IngestModule.forRoot(config, { schedule: false }), { logger: ['error', 'warn', 'log'] });
  const abort = new AbortController();
  const cancel = () => abort.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    return await work(context, abort.signal);
  } finally {
    process.removeListener('SIGINT', cancel);
    process.removeListener('SIGTERM', cancel);
    await context.close();
  }
}
