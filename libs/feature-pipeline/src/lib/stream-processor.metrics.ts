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
};
