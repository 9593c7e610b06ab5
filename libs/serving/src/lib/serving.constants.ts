/** The consumer group of `inference.predict` and `model.promoted`: replicas share the requests (DESIGN.md section 12). */
export const INFERENCE_API_GROUP = 'inference-api';

/** `InferenceConfig` of the app. */
export const SERVING_CONFIG = Symbol('SERVING_CONFIG');

/** How often the drift gauges are refreshed from the window. */
export const DRIFT_REPORT_INTERVAL_MS = 5_000;
