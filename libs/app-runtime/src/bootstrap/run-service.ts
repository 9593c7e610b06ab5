import { DynamicModule, INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ConfigError } from '../config/config.error';
import { AppIdentity, loadPlatformConfig } from '../config/load-platform-config';
import { PlatformConfig } from '../config/platform-config';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export interface ServiceDefinition extends AppIdentity {
  /** The app's root module, built from the validated configuration. */
  module: (config: PlatformConfig) => DynamicModule;
  /** Fastify for the hot HTTP paths, Express otherwise. */
  http: 'express' | 'fastify';
  /** Called before listening, e.g. to attach a microservice transport. */
  beforeListen?: (app: INestApplication, config: PlatformConfig) => Promise<void> | void;
}

/**
 * The whole life of an app process: validate configuration (one line per bad variable, exit 1),
 * start Nest, listen, and stop cleanly on SIGTERM/SIGINT.
 */
export async function runService(definition: ServiceDefinition): Promise<INestApplication> {
  const config = loadConfigOrExit(definition);
  const app = await startService(definition, config);
  stopOnSignals(app, new Logger(definition.app));
  return app;
}

/**
 * Starts one app from a validated configuration and listens; the caller owns its life (`npm start`
 * runs all four apps in one process this way, and stops them itself).
 */
export async function startService(definition: ServiceDefinition, config: PlatformConfig): Promise<INestApplication> {
  const logger = new Logger(definition.app);
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);
  const app =
    definition.http === 'fastify'
      ? await NestFactory.create(definition.module(config), new FastifyAdapter({ bodyLimit: 16 * 1024 * 1024 }), {
          logger: logLevels,
        })
      : await NestFactory.create(definition.module(config), { logger: logLevels });
  await definition.beforeListen?.(app, config);
  await app.listen(config.port, config.host);
  logger.log(`listening on ${await app.getUrl()} (lake ${config.lake.kind}, bus ${config.kafka.kind}, ` +
    `online store ${config.onlineStore.kind}, database ${config.database.kind})`);
  return app;
}

/** SIGTERM/SIGINT close the app (modules finish their work in their shutdown hooks), then exit 0. */
function stopOnSignals(app: INestApplication, logger: Logger): void {
  const stop = async (signal: NodeJS.Signals) => {
    const started = Date.now();
    logger.log(`${signal} received: stopping`);
    const deadline = setTimeout(() => {
      logger.error('still stopping after 30 s: exiting anyway');
      process.exit(1);
    }, 30_000);
    deadline.unref();
    await app.close();
    logger.log(`stopped cleanly in ${Date.now() - started} ms`);
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

function loadConfigOrExit(identity: AppIdentity): PlatformConfig {
  try {
    return loadPlatformConfig(process.env, identity);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`${identity.app}: invalid configuration: ${problem}`);
    process.exit(1);
  }
}
