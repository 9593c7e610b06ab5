import { FastifyAdapter } from '@nestjs/platform-fastify';
import { describeMetricsEndpoint } from '../testing/metrics-endpoint.contract';

describeMetricsEndpoint('Fastify', () => new FastifyAdapter());
