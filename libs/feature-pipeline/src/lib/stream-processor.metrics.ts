import { defineCounter, defineGauge, defineHistogram } from '@platform/metrics';

const app = 'stream-processor';

/** DESIGN.md section 10: `<app>_<thing>_<unit>`. */
export const streamProcessorMetrics = {
  events: defineCounter<'outcome'>({ app, thing: 'events', help: 'Records read from lake objects, by outcome (applied, rejected).', labelNames: ['outcome'] }),
  objects: defineCounter<'outcome'>({
    app,
    thing: 'objects',
    help: 'Lake objects handled, by outcome (processed, duplicate, unreadable, failed).',
    labelNames: ['outcome'],
  }),
  deadLetters: defineCounter({ app, thing: 'dead_letters', help: 'Dead letters sent to data_streaming.dlq.' }),
  objectDuration: defineHistogram({
    app,
    thing: 'object_processing',
    unit: 'seconds',
    help: 'Time to process one lake object, from notification to committed state.',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }),
  transientRetries: defineCounter({ app, thing: 'transient_retries', help: 'Waits for a server that was away (lake, Redis, database, bus).' }),
  consumerLag: defineGauge({
    app,
    thing: 'consumer_lag',
    unit: 'messages',
    help: 'Notifications on data_streaming not yet committed by the stream-processor group.',
  }),
  featureFreshness: defineGauge({
    app,
    thing: 'feature_freshness',
    unit: 'seconds',
    help: 'Seconds between now and the newest event applied to the online store.',
  }),
  materializeDuration: defineHistogram({
    app,
    thing: 'materialize_duration',
    unit: 'seconds',
    help: 'Time a materialize job ran, from start (or resume) to the switch of generations.',
    buckets: [1, 5, 15, 60, 300, 900, 3600, 14400],
  }),
  materializeEvents: defineCounter({ app, thing: 'materialize_events', help: 'Clean events folded into a new online-store generation by materialize jobs.' }),
  materializeKeys: defineCounter({ app, thing: 'materialize_keys', help: 'Key updates written into a new online-store generation by materialize jobs.' }),
  onlineGeneration: defineGauge({ app, thing: 'online_generation', unit: 'info', help: 'The online-store key-space generation readers use (DESIGN.md section 6).' }),
};
