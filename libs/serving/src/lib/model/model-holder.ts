import { NoChampionError } from '../errors/no-champion.error';
import { LoadedModel } from './loaded-model';

/**
 * The version being served. A request takes the current model once and keeps it to its end, so a
 * swap is one assignment: requests already running finish on the old version (released after the
 * last of them), new ones get the new version, none is dropped.
 */
export class ModelHolder {
  private model: LoadedModel | undefined;

  constructor(readonly modelName: string) {}

  get current(): LoadedModel | undefined {
    return this.model;
  }

  /** The current model, held until `release()`; `NoChampionError` (503) when there is none. */
  acquire(): LoadedModel {
    if (!this.model) throw new NoChampionError(this.modelName);
    return this.model.acquire();
  }

  swap(next: LoadedModel): LoadedModel | undefined {
    const previous = this.model;
    this.model = next;
    previous?.retire();
    return previous;
  }

  async close(): Promise<void> {
    const model = this.model;
    this.model = undefined;
    model?.retire();
  }
}
