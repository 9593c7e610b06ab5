import { Command, InvalidArgumentError, Option } from 'commander';

export interface StartOptions {
  file?: string;
  events: number;
  seed: number;
  trials: number;
  budget: string;
  dataDir: string;
  fresh: boolean;
  exit: boolean;
  /** Ports of inference-api, ingest-gateway, stream-processor, trainer. */
  ports: [number, number, number, number];
}

const DEFAULT_PORTS = '8000,3001,3002,3003';

function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

/** `npm start -- --help`: every option, with its default. */
function startCommand(): Command {
  return new Command('npm start --')
    .description(
      'The whole platform in one process: simulate a clickstream (or load --file), bulk-load it, replay it into bronze, ' +
        'process it into features, train a model with a short search, promote it, and serve POST /predict. ' +
        'A second run reuses .data/ (or the real servers) and serves at once. Configuration: the variables of README.md ' +
        '(unset: embedded defaults; set as in tools/dev-services/services.env: the real servers).',
    )
    .option('--file <path>', 'load this REES46 file (.csv, .ndjson, .json, optionally .gz) instead of a simulated stream; loads even when a model is served')
    .addOption(new Option('--events <n>', 'events of the simulated stream').default(100_000).argParser(wholeNumber(1_000, 50_000_000)))
    .addOption(new Option('--seed <n>', "the simulator's seed").default(42).argParser(wholeNumber(0, 2 ** 31 - 1)))
    .addOption(new Option('--trials <n>', 'hyperparameter search trials').default(8).argParser(wholeNumber(1, 1000)))
    .option('--budget <duration>', 'no new trial starts after this long ("90s", "5m")', '60s')
    .option('--data-dir <path>', "where npm start keeps its own files (simulated stream, the in-memory online store's snapshot)", '.data/start')
    .option('--fresh', 'delete .data/ first (embedded defaults only): simulate, load, process and train again', false)
    .addOption(
      new Option('--ports <list>', 'ports of inference-api, ingest-gateway, stream-processor and trainer (PORT, when set, is the first)')
        .default(parsePorts(DEFAULT_PORTS), DEFAULT_PORTS)
        .argParser(parsePorts),
    )
    .option('--exit', 'stop once the printed curl has answered, instead of serving until Ctrl-C', false)
    .showHelpAfterError();
}

export function parseStartOptions(argv: readonly string[]): StartOptions {
  return startCommand().parse(argv, { from: 'user' }).opts<StartOptions>();
}

function parsePorts(value: string): [number, number, number, number] {
  const ports = value.split(',').map((port) => Number(port.trim()));
  if (ports.length !== 4 || ports.some((port) => !Number.isInteger(port) || port < 1 || port > 65535) || new Set(ports).size !== 4) {
    throw new InvalidArgumentError('expected four different ports separated by commas, e.g. 8000,3001,3002,3003');
  }
  return ports as [number, number, number, number];
}
