import { defineCounter, defineGauge, defineHistogram } from '@platform/metrics';

const app = 'ingest-gateway';

/** DESIGN.md section 10: `<app>_<thing>_<unit>`. */
export const ingestMetrics = {
  events: defineCounter<'outcome'>({
    app,
    thing: 'events',
    help: 'Records received on POST /events, by outcome (accepted: written to bronze; rejected: failed validation; failed: their batch could not be written).',
    labelNames: ['outcome'],
  }),
  bodyBytesRead: defineCounter({
    app,
    thing: 'body_bytes_read',
    help: 'Bytes of POST /events bodies read off the socket by the parser, as sent (compressed for gzip bodies).',
  }),
  objectsWritten: defineCounter({ app, thing: 'objects_written', help: 'Bronze objects written by the batching writer of POST /events.' }),
  batchWriteDuration: defineHistogram({
    app,
    thing: 'batch_write_duration',
    unit: 'seconds',
    help: 'Time to gzip and PUT one bronze batch.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  bodyParseDuration: defineHistogram({
    app,
    thing: 'body_parse_duration',
    unit: 'seconds',
    help: 'Time to read a POST /events body off the socket and parse it on a parse worker (queueing for the worker included).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5],
  }),
  eventsDurableDuration: defineHistogram({
    app,
    thing: 'events_durable_duration',
    unit: 'seconds',
    help: "Time from a request's valid events reaching the batching writer to every object holding them being in the lake (waiting for a write slot, gzip, PUT).",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  notificationsPending: defineGauge({
    app,
    thing: 'notifications_pending',
    unit: 'messages',
    help: 'Lake notifications written but not yet accepted by the bus (retried in the background).',
  }),
  notificationFailures: defineCounter({ app, thing: 'notification_failures', help: 'Failed attempts to publish a lake notification (each is retried).' }),
  bulkLoadRows: defineCounter<'outcome'>({
    app,
    thing: 'bulk_load_rows',
    help: 'Rows read by bulk loads, by outcome (loaded, rejected).',
    labelNames: ['outcome'],
  }),
  replayCopies: defineCounter<'replay'>({
    app,
    thing: 'replay_copies',
    help: 'Datasource objects copied into bronze by replays, by replay name.',
    labelNames: ['replay'],
  }),
  replayCopied: defineGauge<'replay'>({
    app,
    thing: 'replay_copied',
    unit: 'objects',
    help: 'Objects a replay has copied so far (its cursor), by replay name.',
    labelNames: ['replay'],
  }),
};
