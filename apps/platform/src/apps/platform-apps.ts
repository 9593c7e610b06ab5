import { INestApplication } from '@nestjs/common';
import { PlatformConfig, ServiceDefinition, startService } from '@platform/app-runtime';
import { FeaturePipelineModule } from '@platform/feature-pipeline';
import { IngestModule } from '@platform/ingest';
import { connectEventBus } from '@platform/kafka-events';
import { ServingModule, setupPredictDocs } from '@platform/serving';
import { serveTrainerOpenApi, TrainingModule } from '@platform/training';
import { join } from 'node:path';
import { AppShellModule } from './app-shell.module';

export type AppName = 'stream-processor' | 'ingest-gateway' | 'trainer' | 'inference-api';

/** The four apps as their own main.ts files define them; started in this order (consumers first). */
export const PLATFORM_APPS: readonly ServiceDefinition[] = [
  {
    app: 'stream-processor',
    defaultPort: 3002,
    http: 'fastify',
    module: (config) => AppShellModule.register(config, FeaturePipelineModule.forRoot(config)),
    beforeListen: async (app) => void (await connectEventBus(app)),
  },
  {
    app: 'ingest-gateway',
    defaultPort: 3001,
    http: 'fastify',
    module: (config) => AppShellModule.register(config, IngestModule.forRoot(config)),
  },
  {
    app: 'trainer',
    defaultPort: 3003,
    http: 'express',
    // Bundled, the trial worker is the webpack entry next to main.js; from source the library finds its own.
    module: (config) =>
      AppShellModule.register(
        config,
        TrainingModule.forRoot(config, __filename.endsWith('.js') ? { trialWorkerFilename: join(__dirname, 'trial-worker.entry.js') } : {}),
      ),
    beforeListen: async (app, config) => {
      serveTrainerOpenApi(app, config);
      await connectEventBus(app);
    },
  },
  {
    app: 'inference-api',
    defaultPort: 8000,
    http: 'fastify',
    module: (config) => AppShellModule.register(config, ServingModule.forRoot(config)),
    beforeListen: async (app, config) => {
      setupPredictDocs(app, config.build.version);
      await connectEventBus(app);
    },
  },
];

export interface RunningApp {
  name: AppName;
  config: PlatformConfig;
  app: INestApplication;
  url: string;
}

/** Starts the four apps in this process, each on its own port; one that fails stops those already started. */
export async function startPlatformApps(configs: Record<AppName, PlatformConfig>): Promise<RunningApp[]> {
  const running: RunningApp[] = [];
  try {
    for (const definition of PLATFORM_APPS) {
      const name = definition.app as AppName;
      const config = configs[name];
      const app = await startService(definition, config);
      running.push({ name, config, app, url: `http://${urlHost(config.host)}:${config.port}` });
    }
    return running;
  } catch (error) {
    await stopPlatformApps(running);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const { port } = error as NodeJS.ErrnoException & { port?: number };
      throw new Error(`port ${port ?? '(unknown)'} is in use (another npm start, or one of the apps running alone?): stop it, or choose free ports with --ports`);
    }
    throw error;
  }
}

/** Closes the apps in reverse order: the server stops before the consumers it feeds. */
export async function stopPlatformApps(running: readonly RunningApp[]): Promise<void> {
  for (const { app } of [...running].reverse()) await app.close();
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
