import { Command, InvalidArgumentError } from 'commander';
import { DatasourceReplayer } from '../lib/replay/datasource-replayer';
import { BronzeReconciler } from '../lib/notifications/bronze-reconciler';
import { bulkLoadSummary, runBulkLoadCommand } from './bulk-load.command';
import { withIngestContext } from './ingest-context';
import { loadCliConfig } from './load-cli-config';

function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** `ingest bulk-load | replay | reconcile`: the gateway's jobs from a shell, configured by the same environment as the app. */
export function ingestCli(): Command {
  const program = new Command('ingest').description('bulk load, replay and reconciliation of the ingest gateway (libs/ingest/README.md)').showHelpAfterError();

  program
    .command('bulk-load')
    .description('load a REES46 CSV, NDJSON or JSON file (gzip or not) into the datasource bucket as gzip NDJSON chunks')
    .requiredOption('--file <path>', 'the file to load (relative to the working directory)')
    .option('--chunk-events <n>', 'events per chunk object', positiveInteger('chunk-events'), 50_000)
    .option('--load-id <id>', 'the load id (default: a new ULID)')
    .option('--rejects <path>', 'also write rejected rows with reasons to this local NDJSON file')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (options) => {
      const config = loadCliConfig();
      const result = await runBulkLoadCommand(config, options);
      process.stderr.write(bulkLoadSummary(result, config.lake.kind === 'file' ? `file lake ${config.lake.root}` : `s3 lake ${config.lake.endpoint ?? ''}`));
      process.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.status !== 'finished') process.exitCode = 1;
    });

  program
    .command('replay')
    .description('copy datasource objects into bronze in key order at a pace, from the cursor in the database, and announce them')
    .option('--prefix <prefix>', 'datasource keys to replay (default: REPLAY_PREFIX or datasource/)')
    .option('--name <name>', 'the cursor name (default: replay:<prefix>)')
    .option('--objects-per-tick <n>', 'objects per tick (default: REPLAY_OBJECTS_PER_TICK or 1)', positiveInteger('objects-per-tick'))
    .option('--tick-ms <ms>', 'milliseconds between ticks (default: REPLAY_TICK_MS or 1000)', positiveInteger('tick-ms'))
    .option('--max-objects <n>', 'stop after this many copies (resume later from the cursor)', positiveInteger('max-objects'))
    .action(async (options) => {
      const config = loadCliConfig();
      const result = await withIngestContext(config, (context, signal) =>
        context.get(DatasourceReplayer).replay({
          prefix: options.prefix ?? config.ingest.replay.prefix,
          name: options.name,
          objectsPerTick: options.objectsPerTick ?? config.ingest.replay.objectsPerTick,
          tickMs: options.tickMs ?? config.ingest.replay.tickMs,
          maxObjects: options.maxObjects,
          signal,
          onProgress: (p) => process.stderr.write(`replay ${p.name}: ${p.copied} copied (${p.totalCopied} in all), last ${p.lastKey}\n`),
        }),
      );
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });

  program
    .command('reconcile')
    .description('announce again the bronze objects the stream processor has no record of')
    .option('--prefix <prefix>', 'bronze keys to check (default: all)')
    .option('--min-age-seconds <s>', 'leave objects younger than this alone', positiveInteger('min-age-seconds'), 300)
    .action(async (options) => {
      const config = loadCliConfig();
      const result = await withIngestContext(config, (context, signal) =>
        context.get(BronzeReconciler).reconcile({ prefix: options.prefix, minAgeMs: options.minAgeSeconds * 1000, signal }),
      );
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });

  return program;
}
