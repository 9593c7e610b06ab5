import { Command, InvalidArgumentError, Option } from 'commander';
import { runGenerateCommand } from './cli/generate-command';
import { runRatesCommand } from './cli/rates-command';

function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be an integer, got ${JSON.stringify(value)}`);
    return n;
  };
}

function instant(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    throw new InvalidArgumentError(`start must be an ISO 8601 time with a zone, e.g. 2019-11-01T00:00:00Z, got ${JSON.stringify(value)}`);
  }
  return ms;
}

const program = new Command('simulator')
  .description('REES46-shaped clickstream simulator (libs/simulator/README.md)')
  .showHelpAfterError();

program
  .command('generate', { isDefault: true })
  .description('generate events as REES46 CSV or NDJSON (gzip when the file name ends in .gz)')
  .requiredOption('--events <n>', 'number of events', integer('events'))
  .option('--seed <s>', 'seed of the generator', integer('seed'), 42)
  .option('--out <file>', 'output file, "-" for stdout', '-')
  .addOption(new Option('--format <format>', 'output format (default: from the file name, else csv)').choices(['csv', 'ndjson']))
  .option('--start <time>', 'time of the first session, ISO 8601 (default 2019-11-01T00:00:00Z)', instant)
  .option('--users <n>', 'users in the population (default 200000)', integer('users'))
  .option('--products <n>', 'products in the catalog (default 50000)', integer('products'))
  .option('--truth <file>', 'also write the ground truth of every default training example (CSV)')
  .option('--no-progress', 'no progress line on stderr')
  .action(async (options) => {
    const { events, seconds } = await runGenerateCommand(options);
    process.stderr.write(`${events} events in ${seconds.toFixed(2)} s (${Math.round(events / seconds)} events/s) -> ${options.out}\n`);
  });

program
  .command('rates')
  .description('measure session and funnel rates of a REES46 file (and the best ROC-AUC, given a truth file)')
  .argument('<file>', 'CSV or NDJSON, optionally .gz')
  .option('--truth <file>', 'truth file written by generate --truth for this output')
  .action(async (file: string, options: { truth?: string }) => {
    process.stdout.write(`${JSON.stringify(await runRatesCommand(file, options.truth), null, 2)}\n`);
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
