import { defineHistogram } from './metric-definitions';

export type HttpRequestLabel = 'method' | 'route' | 'status';

/** `<app>_http_request_duration_seconds{method,route,status}`, `route` being the template (`/items/:id`). */
export function httpRequestDurationMetric(app: string) {
  return defineHistogram<HttpRequestLabel>({
    app,
    thing: 'http_request_duration',
    unit: 'seconds',
    help: 'Time from receiving an HTTP request to finishing its response, by route template and status',
    labelNames: ['method', 'route', 'status'],
  });
}
