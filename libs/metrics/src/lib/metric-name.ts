import { MetricNameError } from './metric-name.error';

/** Prometheus base units, `total` for counters and `info` for info gauges: never part of the thing. */
const MEASURE_UNITS = ['seconds', 'bytes', 'ratio', 'celsius', 'meters', 'volts', 'amperes', 'joules', 'grams', 'total', 'info'] as const;

/** Plural nouns for gauges that count things (e.g. consumer lag in `messages`). */
const COUNT_UNITS = [
  'messages',
  'events',
  'records',
  'objects',
  'keys',
  'requests',
  'connections',
  'items',
  'rows',
  'entries',
  'batches',
  'partitions',
  'threads',
  'workers',
  'models',
  'versions',
  'trials',
  'examples',
] as const;

/** Units a metric name may end with. */
const METRIC_UNITS = [...MEASURE_UNITS, ...COUNT_UNITS] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** Units people reach for, and the base unit Prometheus wants instead. */
const NON_BASE_UNITS: Record<string, string> = {
  ms: 'seconds (a value in seconds, fractions allowed)',
  millis: 'seconds (a value in seconds, fractions allowed)',
  milliseconds: 'seconds (a value in seconds, fractions allowed)',
  microseconds: 'seconds (a value in seconds, fractions allowed)',
  nanoseconds: 'seconds (a value in seconds, fractions allowed)',
  minutes: 'seconds',
  hours: 'seconds',
  days: 'seconds',
  kb: 'bytes',
  kilobytes: 'bytes',
  mb: 'bytes',
  megabytes: 'bytes',
  gb: 'bytes',
  percent: 'ratio (0 to 1)',
  percentage: 'ratio (0 to 1)',
  count: 'total for a counter, or a plural noun such as messages for a gauge',
};

const APP = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
const THING = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** `stream-processor` → `stream_processor`: the prefix of every metric the app declares. */
export function metricPrefix(app: string): string {
  if (typeof app !== 'string' || !APP.test(app)) {
    throw new MetricNameError(
      `metric app ${JSON.stringify(app)}: expected the app's name in lower case (letters, digits, '-' or '_'), e.g. "stream-processor"`,
    );
  }
  return app.replace(/-/g, '_');
}

/**
 * The name `<app>_<thing>_<unit>` (DESIGN.md section 10), e.g.
 * `metricName('stream-processor', 'events', 'total')` → `stream_processor_events_total`.
 */
export function metricName(app: string, thing: string, unit: MetricUnit): string {
  const prefix = metricPrefix(app);
  if (!METRIC_UNITS.includes(unit)) {
    const hint = NON_BASE_UNITS[String(unit).toLowerCase()];
    throw new MetricNameError(
      hint
        ? `metric unit ${JSON.stringify(unit)}: use ${hint}`
        : `metric unit ${JSON.stringify(unit)}: expected one of ${METRIC_UNITS.join(', ')}`,
    );
  }
  if (typeof thing !== 'string' || !THING.test(thing)) {
    throw new MetricNameError(
      `metric thing ${JSON.stringify(thing)}: expected lower-case snake_case words (letters and digits), e.g. "http_request_duration"`,
    );
  }
  if (thing === prefix || thing.startsWith(`${prefix}_`)) {
    throw new MetricNameError(`metric thing ${JSON.stringify(thing)}: leave out the app prefix "${prefix}", it is added for you`);
  }
  const lastWord = thing.slice(thing.lastIndexOf('_') + 1);
  if ((MEASURE_UNITS as readonly string[]).includes(lastWord)) {
    throw new MetricNameError(
      `metric thing ${JSON.stringify(thing)}: ends with the unit "${lastWord}"; pass the unit separately (metricName(app, thing, unit))`,
    );
  }
  if (lastWord in NON_BASE_UNITS) {
    throw new MetricNameError(`metric thing ${JSON.stringify(thing)}: ends with "${lastWord}"; use ${NON_BASE_UNITS[lastWord]}`);
  }
  return `${prefix}_${thing}_${unit}`;
}
