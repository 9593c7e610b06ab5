import { ConfigError, PlatformConfig } from '@platform/app-runtime';
import { OfflineEventStore } from '@platform/offline-store';
import { ModelHolder } from '@platform/serving';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppName, RunningApp, startPlatformApps, stopPlatformApps } from './apps/platform-apps';
import { describeAdapters, platformConfigs } from './apps/platform-configs';
import { StartOptions } from './cli/start-options';
import { awaitProcessing } from './pipeline/await-processing';
import { bulkLoad, replayLoad } from './pipeline/ingest-stages';
import { OnlineSnapshotFile } from './pipeline/online-snapshot';
import { awaitServedVersion, curlFor, pickExample, predictOverHttp } from './pipeline/serving-stage';
import { simulateStream } from './pipeline/simulate-stream';
import { say } from './pipeline/stage-progress';
import { trainModel } from './pipeline/train-stage';

const SNAPSHOT_EVERY_MS = 60_000;

/** `npm start`: the four apps in this process, the pipeline when no model is served yet, then serving. */
export async function runPlatform(options: StartOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const started = performance.now();
  let configs: Record<AppName, PlatformConfig>;
  try {
    const [inferencePort, gatewayPort, processorPort, trainerPort] = options.ports;
    configs = platformConfigs(env, { 'inference-api': inferencePort, 'ingest-gateway': gatewayPort, 'stream-processor': processorPort, trainer: trainerPort });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`npm start: invalid configuration: ${problem}`);
    process.exitCode = 1;
    return;
  }
  const inferenceConfig = configs['inference-api'];
  const embedded = usesOnlyEmbedded(inferenceConfig);
  if (options.fresh) {
    if (!embedded) throw new Error('--fresh deletes .data/ only: with real servers configured, choose new LAKE_BUCKET_PREFIX, REDIS_KEY_PREFIX, KAFKA_TOPIC_PREFIX and database instead');
    rmSync('.data', { recursive: true, force: true });
    say('fresh      deleted .data/');
  }
  const snapshot = inferenceConfig.onlineStore.kind === 'memory' ? new OnlineSnapshotFile(join(options.dataDir, 'online-store.json')) : undefined;
  if (snapshot?.restore()) say(`online     restored the in-memory online store from ${snapshot.path}`);
  say(`start      ${describeAdapters(inferenceConfig)}`);

  const apps = await startPlatformApps(configs);
  const app = (name: AppName) => (apps.find((running) => running.name === name) as RunningApp).app;
  const inference = apps.find((running) => running.name === 'inference-api') as RunningApp;
  say(`start      four apps listening (${apps.map((running) => `${running.name} ${running.url}`).join(', ')}) after ${seconds(started)} s`);
  const stop = stopper(apps, snapshot);
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  try {
    const served = app('inference-api').get(ModelHolder).current;
    if (served && options.file === undefined) {
      say(`model      ${served.name} v${served.version} is the champion: serving it (npm start -- --fresh starts over)`);
    } else {
      const file = options.file ?? (await simulateStream(options.dataDir, options.events, options.seed));
      const load = await bulkLoad(app('ingest-gateway'), file);
      await replayLoad(app('ingest-gateway'), load);
      await awaitProcessing(app('stream-processor'), `bronze/replay/datasource/${load.loadId}/`, load.objects.length, load.loaded);
      const outcome = await trainModel(app('trainer'), { trials: options.trials, budget: options.budget, parallel: 2, maxRounds: 200 });
      if (outcome.promotion.promoted) await awaitServedVersion(app('inference-api'), outcome.version);
      snapshot?.save();
    }
    const item = await pickExample(app('inference-api'), app('stream-processor').get(OfflineEventStore));
    const apiKey = inferenceConfig.inference.apiKey;
    const prediction = await predictOverHttp(inference.url, item, apiKey);
    printReady(apps, curlFor(inference.url, item, apiKey), prediction.probability, prediction.version, seconds(started));
  } catch (error) {
    await stop('error', 1, error);
    return;
  }
  if (options.exit) {
    await stop('--exit');
    return;
  }
  if (snapshot) setInterval(() => snapshot.save(), SNAPSHOT_EVERY_MS).unref();
  say('serving    until Ctrl-C');
}

function printReady(apps: readonly RunningApp[], curl: string, probability: number | null, version: number, elapsed: string): void {
  const url = (name: AppName) => (apps.find((running) => running.name === name) as RunningApp).url;
  const lines = [
    '',
    `Ready in ${elapsed} s. The model (v${version}) gives this user ${probability?.toFixed(4) ?? 'n/a'} for buying this product in the session:`,
    '',
    `  ${curl}`,
    '',
    `  inference API   ${url('inference-api')}/docs   ${url('inference-api')}/metrics`,
    `  ingest gateway  ${url('ingest-gateway')}/events (POST)   ${url('ingest-gateway')}/metrics`,
    `  trainer         ${url('trainer')}/docs   ${url('trainer')}/models   ${url('trainer')}/metrics`,
    `  processor       ${url('stream-processor')}/metrics   ${url('stream-processor')}/health/ready`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Stops once: saves the embedded online store, closes the apps, sets the exit code. */
function stopper(apps: readonly RunningApp[], snapshot: OnlineSnapshotFile | undefined) {
  let stopping: Promise<void> | undefined;
  return (why: string, code = 0, error?: unknown): Promise<void> => {
    stopping ??= (async () => {
      if (error) console.error(`npm start: ${(error as Error).message ?? String(error)}`);
      if (why.startsWith('SIG')) say(`stop       ${why}: stopping the four apps`);
      try {
        if (code === 0) snapshot?.save();
        await stopPlatformApps(apps);
      } finally {
        process.exitCode = code;
        // The in-process bus and worker pools may hold timers: the work is done, leave.
        if (why.startsWith('SIG') || why === '--exit' || code !== 0) setTimeout(() => process.exit(code), 100).unref();
      }
    })();
    return stopping;
  };
}

function usesOnlyEmbedded(config: PlatformConfig): boolean {
  return config.lake.kind === 'file' && config.kafka.kind === 'in-process' && config.onlineStore.kind === 'memory' && config.database.kind === 'sqlite';
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
