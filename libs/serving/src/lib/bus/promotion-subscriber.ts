import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_BUS_OPTIONS, EveryReplicaSubscription, MODEL_PROMOTED_TOPIC, ResolvedEventBusOptions, subscribeOnEveryReplica } from '@platform/kafka-events';
import { CHAMPION_ALIAS, ChampionWatcher } from '../model/champion-watcher';

/**
 * `model.promoted` on every replica. The app's consumer group shares `inference.predict` out
 * between replicas, and would share promotions the same way: one replica would swap and the
 * others wait for their registry poll. So on Kafka each replica also reads the topic in a group of
 * its own (`ServingBusController` still handles it on the in-process bus; a replica that gets a
 * promotion twice checks the registry twice, which changes nothing).
 */
@Injectable()
export class PromotionSubscriber implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: EveryReplicaSubscription;

  constructor(
    @Inject(EVENT_BUS_OPTIONS) private readonly busOptions: ResolvedEventBusOptions,
    private readonly watcher: ChampionWatcher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribeOnEveryReplica(this.busOptions, MODEL_PROMOTED_TOPIC, {
      onMessage: async (promoted) => {
        if (promoted.alias !== CHAMPION_ALIAS || promoted.model !== this.watcher.modelName) return;
        await this.watcher.refresh(`model.promoted ${promoted.model} v${promoted.version}`);
      },
      // It reads from the end of the topic once joined: a promotion just before is in the registry.
      onJoined: () => void this.watcher.refresh('joined model.promoted'),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
