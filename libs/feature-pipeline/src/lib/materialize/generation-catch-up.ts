import { LakeObjectId } from '@platform/common';
import { FeatureTtl } from '@platform/features';
import { OfflineEventStore } from '@platform/offline-store';
import { OnlineStoreGenerations, writeGenerationsOf } from '@platform/redis-feature-store';
import { materializeObject } from './object-materializer';

/**
 * Closes the one gap between the live stream and a materialize (DESIGN.md section 6): an object
 * whose chunks were applied with a pointer read before a generation was being built (or before the
 * switch) may be settled after the materialize listed the objects. So once an object is marked
 * processed, the processor reads the pointer afresh, and folds the object from the offline store
 * into every generation it should have written and did not; the guards make it count once there.
 */
export class GenerationCatchUp {
  constructor(
    private readonly generations: OnlineStoreGenerations,
    private readonly offline: OfflineEventStore,
    private readonly ttl: FeatureTtl,
  ) {}

  /** `written`: the generations every chunk of the object went to (undefined: nothing was applied). */
  async afterSettled(id: LakeObjectId, written: ReadonlySet<number> | undefined): Promise<void> {
    if (written === undefined) return;
    const state = await this.generations.generationState();
    for (const generation of writeGenerationsOf(state)) {
      if (!written.has(generation)) await materializeObject(this.generations.storeOf(generation), this.offline, id, this.ttl);
    }
  }
}
