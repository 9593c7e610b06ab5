import 'reflect-metadata';
import { runService } from '@platform/app-runtime';
import { connectEventBus } from '@platform/kafka-events';
import { StreamProcessorModule } from './stream-processor.module';

void runService({
  app: 'stream-processor',
  defaultPort: 3002,
  http: 'fastify', // the API key is checked before a body is read (DESIGN.md section 13)
  module: (config) => StreamProcessorModule.register(config),
  // Lake notifications arrive over Kafka (consumer group `stream-processor`) or the in-process bus.
  beforeListen: async (app) => {
    await connectEventBus(app);
  },
});
