import 'reflect-metadata';
import { runService } from '@platform/app-runtime';
import { connectEventBus } from '@platform/kafka-events';
import { setupPredictDocs } from '@platform/serving';
import { InferenceApiModule } from './inference-api.module';

void runService({
  app: 'inference-api',
  // The original API's port (DESIGN.md section 8): its clients and scrape configs keep working.
  defaultPort: 8000,
  http: 'fastify',
  module: (config) => InferenceApiModule.register(config),
  beforeListen: async (app, config) => {
    setupPredictDocs(app, config.build.version);
    // inference.predict and model.promoted arrive over Kafka (consumer group `inference-api`) or the in-process bus.
    await connectEventBus(app);
  },
});
