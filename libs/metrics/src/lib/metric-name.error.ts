import { PlatformError } from '@platform/common';

/** A metric name that breaks the house convention (DESIGN.md section 10); the message says how to fix it. */
export class MetricNameError extends PlatformError<'INVALID_METRIC_NAME'> {
  constructor(message: string) {
    super(message, 'INVALID_METRIC_NAME', false);
  }
}
