import type { SimulatorFormat } from './output/event-line-writer';

/** One first view of a (user, product, session): a default training example, with its truth. */
export interface GroundTruthExample {
  /** 0-based position of the view among the emitted events (CSV line = index + 2). */
  index: number;
  /** The probability the generator drew the purchase from. */
  probability: number;
  /** Whether it drew one (the purchase may fall after the last emitted event). */
  bought: boolean;
}

export interface SimulatorOptions {
  /** Events to emit. */
  events: number;
  seed: number;
  /** Time of the first session, epoch milliseconds (default 2019-11-01T00:00:00Z). */
  start?: number;
  /** Users in the population (default 200,000; at most 10,000,000). */
  users?: number;
  /** Products in the catalog (default 50,000; at most 2,000,000). */
  products?: number;
  format?: SimulatorFormat;
  /** CSV header line (default true). */
  header?: boolean;
  /** Bytes per yielded chunk, about (default 1 MiB). */
  chunkSize?: number;
  /** Called for every default training example as its view is emitted. */
  onExample?: (example: GroundTruthExample) => void;
}

export const SIMULATOR_DEFAULTS = {
  start: Date.UTC(2019, 10, 1),
  users: 200_000,
  products: 50_000,
  format: 'csv' as SimulatorFormat,
  header: true,
  chunkSize: 1 << 20,
  popularityExponent: 0.82,
  priceSpread: 0.7,
  brandlessShare: 0.15,
  activitySpread: 0.7,
  propensitySpread: 0.8,
};

/** Checks options, naming the first bad one. */
export function checkSimulatorOptions(options: SimulatorOptions): void {
  const problems: string[] = [];
  const integerIn = (name: string, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${value}`);
    }
  };
  integerIn('events', options.events, 0, Number.MAX_SAFE_INTEGER);
  integerIn('seed', options.seed, -2147483648, 4294967295);
  integerIn('users', options.users, 1, 10_000_000);
  integerIn('products', options.products, 1, 2_000_000);
  if (options.start !== undefined && !Number.isFinite(options.start)) problems.push(`start must be a time, got ${options.start}`);
  if (options.format !== undefined && options.format !== 'csv' && options.format !== 'ndjson') {
    problems.push(`format must be csv or ndjson, got ${String(options.format)}`);
  }
  if (problems.length > 0) throw new RangeError(`Invalid simulator options: ${problems.join('; ')}`);
}
