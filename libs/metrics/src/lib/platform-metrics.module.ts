import { DynamicModule, Module, Provider } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { collectDefaultMetrics, Gauge, register } from 'prom-client';
import { HttpMetricsModule } from './http-metrics.module';
import { MetricDefinition } from './metric-definitions';
import { metricPrefix } from './metric-name';
import { BUILD_INFO_METRIC, PLATFORM_METRICS_OPTIONS } from './metrics.constants';
import { PlatformMetricsOptions, ResolvedPlatformMetricsOptions } from './platform-metrics.options';

/**
 * Prometheus for an app (DESIGN.md section 10): `/metrics` (Express or Fastify), default process
 * metrics, `build_info{version,commit}` and `<app>_http_request_duration_seconds`.
 * Metrics live in prom-client's default registry, the one `@willsoto/nestjs-prometheus` serves.
 */
@Module({})
export class PlatformMetricsModule {
  static forRoot(options: PlatformMetricsOptions): DynamicModule {
    metricPrefix(options.app); // fails fast on a bad app name
    const resolved: ResolvedPlatformMetricsOptions = {
      app: options.app,
      version: options.version || 'unknown',
      commit: options.commit || 'unknown',
      path: options.path ?? '/metrics',
    };
    return {
      module: PlatformMetricsModule,
      global: true,
      imports: [
        // Default metrics are started below, once per process: prom-client refuses to register them twice.
        PrometheusModule.register({ path: resolved.path, defaultMetrics: { enabled: false } }),
        HttpMetricsModule.forApp(resolved.app),
      ],
      providers: [
        { provide: PLATFORM_METRICS_OPTIONS, useValue: resolved },
        { provide: BUILD_INFO_METRIC, useFactory: () => startProcessAndBuildMetrics(resolved) },
      ],
      exports: [PLATFORM_METRICS_OPTIONS],
    };
  }

  /** Makes the given metrics injectable with `@InjectMetric(definition.name)` in the importing module. */
  static forFeature(definitions: MetricDefinition[]): DynamicModule {
    const providers: Provider[] = definitions.map((definition) => definition.provider);
    return { module: PlatformMetricsFeatureModule, providers, exports: providers };
  }
}

/** A separate class, so that each `forFeature` is its own module and not a second `forRoot`. */
@Module({})
class PlatformMetricsFeatureModule {}

function startProcessAndBuildMetrics(options: ResolvedPlatformMetricsOptions): Gauge<'version' | 'commit'> {
  if (!register.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics();
  const buildInfo =
    (register.getSingleMetric(BUILD_INFO_METRIC) as Gauge<'version' | 'commit'> | undefined) ??
    new Gauge({
      name: BUILD_INFO_METRIC,
      help: 'Always 1; the labels say which build of the app is running',
      labelNames: ['version', 'commit'],
    });
  buildInfo.set({ version: options.version, commit: options.commit }, 1);
  return buildInfo;
}
