import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { InferenceConfig, ReadinessRegistry } from '@platform/app-runtime';
import { DriftReporter } from './drift/drift-reporter';
import { NoChampionError } from './errors/no-champion.error';
import { ChampionWatcher } from './model/champion-watcher';
import { ModelHolder } from './model/model-holder';
import { DRIFT_REPORT_INTERVAL_MS, SERVING_CONFIG } from './serving.constants';

/** Loads the champion before the app listens, keeps watching it, and says in `/health/ready` whether a model is served. */
@Injectable()
export class ServingLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(SERVING_CONFIG) private readonly config: InferenceConfig,
    private readonly watcher: ChampionWatcher,
    private readonly drift: DriftReporter,
    private readonly holder: ModelHolder,
    @Optional() private readonly readiness?: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness?.register('model', async () => {
      if (!this.holder.current) throw new NoChampionError(this.holder.modelName);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.watcher.start(this.config.modelPollMs);
    this.drift.start(DRIFT_REPORT_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.watcher.stop();
    this.drift.stop();
    await this.holder.close();
  }
}
