import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadPlatformConfig, PlatformConfig, PlatformConfigModule } from '@platform/app-runtime';
import { Command, InvalidArgumentError } from 'commander';
import { FeaturePipelineModule } from '../lib/feature-pipeline.module';
import { MaterializeJobs, progressLine } from '../lib/materialize/materialize-job.service';
import { InvalidMaterializeRequestError, parseTimeOrThrow } from '../lib/materialize/materialize-request';
import { ObjectReprocessing } from '../lib/reprocessing/object-reprocessing.service';

/** `stream-processor dead-lettered | reprocess`: the processor's object records from a shell, configured like the app. */
export function processorCli(): Command {
  const program = new Command('stream-processor').description('dead-lettered objects of the stream processor, and their reprocessing').showHelpAfterError();

  program
    .command('dead-lettered')
    .description('list dead-lettered objects (newest first) with the code and reason of their failure, one JSON line each')
    .option('--limit <n>', 'at most this many', (value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`limit must be a whole number ≥ 1, got ${JSON.stringify(value)}`);
      return n;
    }, 100)
    .action(async (options: { limit: number }) => {
      const objects = await withReprocessing((reprocessing) => reprocessing.deadLettered(options.limit));
      for (const object of objects) process.stdout.write(`${JSON.stringify(object)}\n`);
      if (objects.length === 0) process.stderr.write('no dead-lettered object\n');
    });

  program
    .command('reprocess')
    .description('process a dead-lettered bronze object again, once its cause is fixed (announces it on data_streaming)')
    .requiredOption('--key <key>', 'the object key in the bronze bucket, e.g. bronze/events/dt=2019-11-01/hour=00/01J....ndjson.gz')
    .option('--etag <eTag>', 'the version to reprocess (default: the current one)')
    .action(async (options: { key: string; etag?: string }) => {
      const answer = await withReprocessing((reprocessing) => reprocessing.reprocess({ key: options.key, ...(options.etag ? { eTag: options.etag } : {}) }));
      process.stdout.write(`${JSON.stringify(answer)}\n`);
    });

  program
    .command('materialize')
    .description(
      'rebuild the online store (Redis) from the clean events in PostgreSQL into a new key-space generation, then switch readers to it; ' +
        'resumes an unfinished job; the live stream may keep running',
    )
    .option('--since <time>', 'fold only events at or after this time (ISO date or epoch ms)', cliTime('since'))
    .option('--until <time>', 'fold only events before this time (ISO date or epoch ms)', cliTime('until'))
    .action(async (options: { since?: number; until?: number }) => {
      if (options.since !== undefined && options.until !== undefined && options.since >= options.until) throw new InvalidArgumentError('--since must be before --until');
      const request = { ...(options.since === undefined ? {} : { sinceMs: options.since }), ...(options.until === undefined ? {} : { untilMs: options.until }) };
      const view = await withContext((context) =>
        context.get(MaterializeJobs).runToEnd(request, (progress) => process.stderr.write(`${progressLine(progress)}\n`)),
      );
      process.stdout.write(`${JSON.stringify(view)}\n`);
    });

  return program;
}

function cliTime(field: string): (value: string) => number {
  return (value) => {
    try {
      return parseTimeOrThrow(field, value);
    } catch (error) {
      if (error instanceof InvalidMaterializeRequestError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

async function withReprocessing<T>(work: (reprocessing: ObjectReprocessing) => Promise<T>): Promise<T> {
  return withContext((context) => work(context.get(ObjectReprocessing)), () => {
    process.stderr.write('stream-processor: KAFKA_BROKERS is unset: an announcement stays in this process; set KAFKA_BROKERS, or use the running processor (POST /objects/reprocess)\n');
  });
}

/** What the commands need of the app: the pipeline's module and the configuration it injects. */
@Module({})
class ProcessorCliModule {
  static register(config: PlatformConfig): DynamicModule {
    return { module: ProcessorCliModule, imports: [PlatformConfigModule.forRoot(config), FeaturePipelineModule.forRoot(config)] };
  }
}

async function withContext<T>(work: (context: INestApplicationContext) => Promise<T>, warnInProcessBus?: () => void): Promise<T> {
  const config = loadConfig();
  if (config.kafka.kind === 'in-process') warnInProcessBus?.();
  const context = await NestFactory.createApplicationContext(ProcessorCliModule.register(config), { logger: ['error', 'warn'] });
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}

function loadConfig(): PlatformConfig {
  try {
    return loadPlatformConfig(process.env, { app: 'stream-processor', defaultPort: 3002 });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`stream-processor: invalid configuration: ${problem}\n`);
    process.exit(1);
  }
}
