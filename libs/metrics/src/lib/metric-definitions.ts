import { Provider } from '@nestjs/common';
import {
  getToken,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import { Counter, Gauge, Histogram, Metric, register } from 'prom-client';
import { metricName, MetricUnit } from './metric-name';
import { MetricNameError } from './metric-name.error';

/**
 * A metric declared once (name checked against the convention), usable both ways:
 * `PlatformMetricsModule.forFeature([definition])` + `@InjectMetric(definition.name)` in Nest,
 * or `definition.get()` anywhere else. Both return the same object from prom-client's registry.
 */
export interface MetricDefinition<M extends Metric = Metric> {
  name: string;
  /** The injection token (`@InjectMetric(name)` resolves to it). */
  token: string;
  provider: Provider;
  get: () => M;
}

interface DefinitionInput<L extends string> {
  app: string;
  thing: string;
  help: string;
  labelNames?: readonly L[];
}

/** `<app>_<thing>_total`, e.g. `defineCounter({ app: 'stream-processor', thing: 'events', help, labelNames: ['outcome'] })`. */
export function defineCounter<L extends string = string>(input: DefinitionInput<L>): MetricDefinition<Counter<L>> {
  const config = { name: metricName(input.app, input.thing, 'total'), help: helpOrThrow(input.help), labelNames: input.labelNames ?? [] };
  return definition(config.name, makeCounterProvider(config), () => new Counter<L>(config));
}

/** `<app>_<thing>_<unit>`, e.g. feature freshness in `seconds` or consumer lag in `messages`. */
export function defineGauge<L extends string = string>(
  input: DefinitionInput<L> & { unit: Exclude<MetricUnit, 'total'> },
): MetricDefinition<Gauge<L>> {
  const config = { name: metricName(input.app, input.thing, input.unit), help: helpOrThrow(input.help), labelNames: input.labelNames ?? [] };
  return definition(config.name, makeGaugeProvider(config), () => new Gauge<L>(config));
}

/** `<app>_<thing>_<unit>` with buckets, e.g. a duration in `seconds`. */
export function defineHistogram<L extends string = string>(
  input: DefinitionInput<L> & { unit: Exclude<MetricUnit, 'total' | 'info'>; buckets?: number[] },
): MetricDefinition<Histogram<L>> {
  const config = {
    name: metricName(input.app, input.thing, input.unit),
    help: helpOrThrow(input.help),
    labelNames: input.labelNames ?? [],
    ...(input.buckets ? { buckets: input.buckets } : {}),
  };
  return definition(config.name, makeHistogramProvider(config), () => new Histogram<L>(config));
}

function definition<M extends Metric>(name: string, provider: Provider, create: () => M): MetricDefinition<M> {
  return {
    name,
    token: getToken(name),
    provider,
    get: () => (register.getSingleMetric(name) as M | undefined) ?? create(),
  };
}

function helpOrThrow(help: string): string {
  if (typeof help !== 'string' || help.trim() === '') throw new MetricNameError('metric help: say what the metric measures');
  return help;
}
