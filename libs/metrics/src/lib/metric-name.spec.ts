import { register } from 'prom-client';
import { defineCounter, defineGauge, defineHistogram } from './metric-definitions';
import { metricName, MetricUnit } from './metric-name';
import { MetricNameError } from './metric-name.error';

describe('metricName', () => {
  it('builds <app>_<thing>_<unit> with the app in snake case', () => {
    expect(metricName('stream-processor', 'events', 'total')).toBe('stream_processor_events_total');
    expect(metricName('inference-api', 'http_request_duration', 'seconds')).toBe('inference_api_http_request_duration_seconds');
    expect(metricName('stream-processor', 'consumer_lag', 'messages')).toBe('stream_processor_consumer_lag_messages');
    expect(metricName('trainer', 'dlq_messages', 'total')).toBe('trainer_dlq_messages_total');
  });

  it.each([
    ['Stream-Processor', 'events', 'total', 'metric app "Stream-Processor": expected the app\'s name in lower case'],
    ['stream-processor', 'Events', 'total', 'metric thing "Events": expected lower-case snake_case'],
    ['stream-processor', 'events-seen', 'total', 'metric thing "events-seen"'],
    ['stream-processor', 'latency', 'ms', 'metric unit "ms": use seconds'],
    ['stream-processor', 'payload', 'kilobytes', 'metric unit "kilobytes": use bytes'],
    ['stream-processor', 'hit_rate', 'percent', 'metric unit "percent": use ratio (0 to 1)'],
    ['stream-processor', 'events', 'count', 'metric unit "count": use total for a counter'],
    ['stream-processor', 'events', 'furlongs', 'metric unit "furlongs": expected one of seconds, bytes'],
    ['stream-processor', 'latency_seconds', 'seconds', 'ends with the unit "seconds"'],
    ['stream-processor', 'events_total', 'total', 'ends with the unit "total"'],
    ['stream-processor', 'latency_ms', 'seconds', 'ends with "ms"; use seconds'],
    ['stream-processor', 'stream_processor_events', 'total', 'leave out the app prefix "stream_processor"'],
  ])('rejects %s / %s / %s', (app, thing, unit, message) => {
    expect(() => metricName(app, thing, unit as MetricUnit)).toThrow(MetricNameError);
    expect(() => metricName(app, thing, unit as MetricUnit)).toThrow(message);
  });
});

describe('metric definitions', () => {
  afterEach(() => register.clear());

  it('declare a conventionally named metric in one line, one object per name', () => {
    const events = defineCounter({ app: 'stream-processor', thing: 'events', help: 'Events by outcome', labelNames: ['outcome'] });
    expect(events.name).toBe('stream_processor_events_total');
    expect(events.token).toBe('PROM_METRIC_STREAM_PROCESSOR_EVENTS_TOTAL');
    events.get().inc({ outcome: 'applied' }, 3);
    expect(events.get()).toBe(register.getSingleMetric('stream_processor_events_total'));

    const freshness = defineGauge({ app: 'stream-processor', thing: 'feature_freshness', unit: 'seconds', help: 'Since the last applied event' });
    expect(freshness.name).toBe('stream_processor_feature_freshness_seconds');
    const latency = defineHistogram({ app: 'inference-api', thing: 'predict_duration', unit: 'seconds', help: 'Batch time', buckets: [0.01, 0.1] });
    expect(latency.name).toBe('inference_api_predict_duration_seconds');
  });

  it('need a help text', () => {
    expect(() => defineCounter({ app: 'trainer', thing: 'trials', help: ' ' })).toThrow('metric help: say what the metric measures');
  });
});
