import { Logger } from '@nestjs/common';
import { RegistryNotFoundError, RegistryService } from '@platform/model-registry';
import { ModelLoadError } from '../errors/model-load.error';
import { servingMetrics } from '../serving.metrics';
import { LoadedModel } from './loaded-model';
import { ModelHolder } from './model-holder';
import { ModelLoader } from './model-loader';

/** The registry alias the inference API serves (DESIGN.md section 7). */
export const CHAMPION_ALIAS = 'champion';

/**
 * Keeps the served model equal to `<name>@champion`: checked at start, on every `model.promoted`
 * and on a slow poll (the fallback when a message is missed). A version that cannot be loaded or
 * fails its warm-up is counted and the previous one keeps serving; one that can never load (a
 * corrupt file) is not tried again until the champion changes, one whose lake did not answer is.
 * Refreshes run one at a time.
 */
export class ChampionWatcher {
  private readonly logger = new Logger(ChampionWatcher.name);
  private readonly loadFailures = servingMetrics.modelLoadFailures.get();
  private readonly swaps = servingMetrics.modelSwaps.get();
  private readonly info = servingMetrics.modelInfo.get();
  private queue: Promise<void> = Promise.resolve();
  private readonly refused = new Map<number, string>();
  private timer?: NodeJS.Timeout;
  private reportedNoChampion = false;

  constructor(
    private readonly registry: RegistryService,
    private readonly loader: ModelLoader,
    private readonly holder: ModelHolder,
  ) {}

  get modelName(): string {
    return this.holder.modelName;
  }

  /** First refresh now (awaited), then one every `pollMs`. */
  async start(pollMs: number): Promise<void> {
    await this.refresh('start');
    this.timer = setInterval(() => void this.refresh('poll'), pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Resolves once the champion has been checked (and loaded, when it changed). */
  refresh(reason: string): Promise<void> {
    this.queue = this.queue.then(() => this.refreshNow(reason));
    return this.queue;
  }

  private async refreshNow(reason: string): Promise<void> {
    const name = this.holder.modelName;
    let version;
    try {
      version = await this.registry.resolve({ model: name, alias: CHAMPION_ALIAS });
    } catch (error) {
      if (error instanceof RegistryNotFoundError) {
        if (!this.reportedNoChampion) this.logger.warn(`${name}@${CHAMPION_ALIAS} does not exist yet: POST /predict answers 503 until one is promoted`);
        this.reportedNoChampion = true;
      } else {
        this.logger.warn(`cannot ask the registry for ${name}@${CHAMPION_ALIAS} (${reason}): ${(error as Error).message}`);
      }
      return;
    }
    if (this.holder.current?.version === version.version) return;
    if (this.refused.get(version.version) === version.artifactUri) return;
    const started = Date.now();
    let model: LoadedModel;
    try {
      model = await this.loader.load({ model: name, version: version.version, artifactUri: version.artifactUri });
    } catch (error) {
      const failure = error instanceof ModelLoadError ? error : new ModelLoadError('runtime', (error as Error).message, false, { cause: error });
      this.loadFailures.inc({ stage: failure.stage });
      if (!failure.retriable) this.refused.set(version.version, version.artifactUri);
      const serving = this.holder.current ? `v${this.holder.current.version} keeps serving` : 'nothing is served';
      this.logger.error(`${name} v${version.version} not served (${failure.stage}): ${failure.message}; ${serving}`);
      return;
    }
    const previous = this.holder.swap(model);
    this.info.reset();
    this.info.set({ name, version: String(model.version) }, 1);
    this.swaps.inc();
    this.logger.log(
      `serving ${name} v${model.version} (${reason}, loaded in ${Date.now() - started} ms)${previous ? `, was v${previous.version}` : ''}`,
    );
  }
}
