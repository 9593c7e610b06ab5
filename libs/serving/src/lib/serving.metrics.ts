import { defineCounter, defineGauge, defineHistogram } from '@platform/metrics';

const app = 'inference-api';

/**
 * DESIGN.md section 10: `<app>_<thing>_<unit>`. HTTP requests by route and status, with their
 * latency, are `inference_api_http_request_duration_seconds` (libs/metrics, every route).
 */
export const servingMetrics = {
  predictRequests: defineCounter<'transport' | 'outcome'>({
    app,
    thing: 'predict_requests',
    help: 'Prediction requests by transport (http, kafka) and outcome (ok, or the error code in lower case).',
    labelNames: ['transport', 'outcome'],
  }),
  predictDuration: defineHistogram<'transport'>({
    app,
    thing: 'predict_duration',
    unit: 'seconds',
    help: 'Time to answer one prediction request, from its parsed body to its answer (features, model, drift).',
    labelNames: ['transport'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  }),
  predictions: defineCounter<'features'>({
    app,
    thing: 'predictions',
    help: 'Items answered, by what the online store knew of them (found, partial, missing: no probability).',
    labelNames: ['features'],
  }),
  featureRecordsMissing: defineCounter<'entity'>({
    app,
    thing: 'feature_records_missing',
    help: 'Entity records absent from the online store when an item was scored, by entity (user, product, session, triple).',
    labelNames: ['entity'],
  }),
  predictionScore: defineHistogram({
    app,
    thing: 'prediction_score',
    unit: 'ratio',
    help: 'Predicted purchase probabilities.',
    buckets: [0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9],
  }),
  modelInfo: defineGauge<'name' | 'version'>({
    app,
    thing: 'model',
    unit: 'info',
    help: 'Always 1 for the model version being served; the labels say which.',
    labelNames: ['name', 'version'],
  }),
  modelSwaps: defineCounter({ app, thing: 'model_swaps', help: 'Model versions put into service (the first load included).' }),
  modelLoadFailures: defineCounter<'stage'>({
    app,
    thing: 'model_load_failures',
    help: 'Versions that could not be served (the previous one kept serving), by stage: artifacts, manifest, runtime, warmup.',
    labelNames: ['stage'],
  }),
  featureDrift: defineGauge<'feature'>({
    app,
    thing: 'feature_drift',
    unit: 'ratio',
    help: 'Population stability index per feature: the sliding window of served vectors against the model’s reference histogram (above 0.2: drift).',
    labelNames: ['feature'],
  }),
  driftWindow: defineGauge({ app, thing: 'drift_window', unit: 'items', help: 'Served vectors in the drift window.' }),
};
