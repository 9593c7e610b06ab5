import { ExpressAdapter } from '@nestjs/platform-express';
import { describeMetricsEndpoint } from '../testing/metrics-endpoint.contract';

describeMetricsEndpoint('Express', () => new ExpressAdapter());
