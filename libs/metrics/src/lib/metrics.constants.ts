/** The resolved `PlatformMetricsOptions` of the app. */
export const PLATFORM_METRICS_OPTIONS = Symbol('PLATFORM_METRICS_OPTIONS');

/** `build_info{version,commit} 1` (DESIGN.md section 10): one name for every app, no prefix. */
export const BUILD_INFO_METRIC = 'build_info';

/** The `route` label of requests that matched no route: raw URLs would explode the label's values. */
export const UNMATCHED_ROUTE = 'unmatched';
