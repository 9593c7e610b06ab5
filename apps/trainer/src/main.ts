import 'reflect-metadata';
import { runService } from '@platform/app-runtime';
import { TrainerModule } from './trainer.module';

void runService({
  app: 'trainer',
  defaultPort: 3003,
  http: 'express',
  module: (config) => TrainerModule.register(config),
});
