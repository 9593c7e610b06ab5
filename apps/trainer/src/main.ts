import 'reflect-metadata';
import { runService } from '@platform/app-runtime';
import { connectEventBus } from '@platform/kafka-events';
import { serveTrainerOpenApi } from '@platform/training';
import { TrainerModule } from './trainer.module';

void runService({
  app: 'trainer',
  defaultPort: 3003,
  http: 'express',
  module: (config) => TrainerModule.register(config),
  beforeListen: async (app, config) => {
    serveTrainerOpenApi(app, config);
    // trainer.requests (coordinator) or trainer.trials (TRAINER_ROLE=worker), over Kafka or the in-process bus.
    await connectEventBus(app);
  },
});
