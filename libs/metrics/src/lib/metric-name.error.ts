/** A metric name that breaks the house convention (DESIGN.md section 10); the message says how to fix it. */
export class MetricNameError extends Error {
  readonly code = 'INVALID_METRIC_NAME';

  constructor(message: string) {
    super(message);
    this.name = 'MetricNameError';
  }
}
