import { Controller, Get, INestApplication, Injectable, Module, NotFoundException, Param } from '@nestjs/common';
import { AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import { setTimeout as delay } from 'node:timers/promises';
import { AddressInfo } from 'node:net';
import { Counter } from 'prom-client';
import { defineCounter } from '../lib/metric-definitions';
import { PlatformMetricsModule } from '../lib/platform-metrics.module';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { PrometheusExposition } from './prometheus-exposition';

const APP = 'demo-api';
const ITEMS_SERVED = defineCounter({ app: APP, thing: 'items_served', help: 'Items returned by GET /items/:id', labelNames: ['kind'] });

@Injectable()
class ItemsService {
  constructor(@InjectMetric(ITEMS_SERVED.name) private readonly served: Counter<'kind'>) {}

  find(id: string): { id: string } {
    if (id === 'missing') throw new NotFoundException(`item ${id} not found`);
    if (id === 'boom') throw new Error('the item store fell over');
    this.served.inc({ kind: 'plain' });
    return { id };
  }
}

@Controller('items')
class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get(':id')
  find(@Param('id') id: string): { id: string } {
    return this.items.find(id);
  }
}

@Module({
  imports: [
    PlatformMetricsModule.forRoot({ app: APP, version: '1.2.3', commit: 'abc1234' }),
    PlatformMetricsModule.forFeature([ITEMS_SERVED]),
  ],
  controllers: [ItemsController],
  providers: [ItemsService],
})
class DemoAppModule {}

/** One suite, run on each HTTP platform Nest supports here: the exposition must not depend on it. */
export function describeMetricsEndpoint(label: string, makeAdapter: () => AbstractHttpAdapter): void {
  describe(`PlatformMetricsModule on ${label}`, () => {
    let app: INestApplication;
    let baseUrl: string;

    beforeAll(async () => {
      app = await NestFactory.create(DemoAppModule, makeAdapter(), { logger: false });
      await app.listen(0, '127.0.0.1');
      baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      for (const path of ['/items/42', '/items/7', '/items/missing', '/items/boom', '/no/such/route']) {
        await (await fetch(baseUrl + path)).arrayBuffer();
      }
    });

    afterAll(() => app?.close());

    /** The response-side hooks run when a response ends, which may be just after the client has it. */
    async function scrapeUntil(done: (exposition: PrometheusExposition) => boolean): Promise<PrometheusExposition> {
      const deadline = Date.now() + 5000;
      for (;;) {
        const response = await fetch(`${baseUrl}/metrics`);
        expect(response.status).toBe(200);
        // Express adds a charset, which moves the parameters about; Prometheus reads either.
        expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
        const exposition = new PrometheusExposition(await response.text());
        if (done(exposition) || Date.now() > deadline) return exposition;
        await delay(20);
      }
    }

    const requestCount = (exposition: PrometheusExposition, route: string, status: string) =>
      exposition
        .samples(`demo_api_http_request_duration_seconds_count`)
        .find((sample) => sample.labels['route'] === route && sample.labels['status'] === status && sample.labels['method'] === 'GET')
        ?.value;

    it('serves default process metrics', async () => {
      const exposition = await scrapeUntil(() => true);
      expect(exposition.family('process_cpu_seconds_total').type).toBe('COUNTER');
      expect(Number(exposition.family('process_cpu_seconds_total').metrics[0]?.value)).toBeGreaterThan(0);
      expect(exposition.family('process_resident_memory_bytes').type).toBe('GAUGE');
      expect(exposition.family('nodejs_eventloop_lag_seconds').type).toBe('GAUGE');
    });

    it('serves build_info{version,commit} 1', async () => {
      const buildInfo = (await scrapeUntil(() => true)).family('build_info');
      expect(buildInfo.type).toBe('GAUGE');
      expect(buildInfo.metrics).toEqual([{ labels: { version: '1.2.3', commit: 'abc1234' }, value: '1' }]);
    });

    it('times requests by route template and status, 404s and thrown errors included', async () => {
      const exposition = await scrapeUntil((scraped) => requestCount(scraped, 'unmatched', '404') === 1);
      expect(exposition.family('demo_api_http_request_duration_seconds').type).toBe('HISTOGRAM');
      expect(requestCount(exposition, '/items/:id', '200')).toBe(2);
      expect(requestCount(exposition, '/items/:id', '404')).toBe(1);
      expect(requestCount(exposition, '/items/:id', '500')).toBe(1);
      expect(requestCount(exposition, 'unmatched', '404')).toBe(1);
      const routes = exposition.samples('demo_api_http_request_duration_seconds_count').map((sample) => sample.labels['route']);
      expect(routes.filter((route) => route === undefined || /\/items\/(42|7|missing|boom)|\/no\/such/.test(route))).toEqual([]);

      const buckets = exposition
        .samples('demo_api_http_request_duration_seconds_bucket')
        .filter((sample) => sample.labels['route'] === '/items/:id' && sample.labels['status'] === '200');
      expect(buckets.find((bucket) => bucket.labels['le'] === '+Inf')?.value).toBe(2);
      const sum = exposition
        .samples('demo_api_http_request_duration_seconds_sum')
        .find((sample) => sample.labels['route'] === '/items/:id' && sample.labels['status'] === '200');
      expect(sum?.value).toBeGreaterThan(0);
      expect(sum?.value).toBeLessThan(5);
    });

    it('serves metrics declared in one line with forFeature and injected with @InjectMetric', async () => {
      const served = (await scrapeUntil(() => true)).family('demo_api_items_served_total');
      expect(served.type).toBe('COUNTER');
      expect(served.metrics).toEqual([{ labels: { kind: 'plain' }, value: '2' }]);
    });
  });
}
