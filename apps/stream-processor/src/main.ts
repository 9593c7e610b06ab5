import 'reflect-metadata';
import { runService } from '@platform/app-runtime';
import { StreamProcessorModule } from './stream-processor.module';

void runService({
  app: 'stream-processor',
  defaultPort: 3002,
  http: 'express',
  module: (config) => StreamProcessorModule.register(config),
});
