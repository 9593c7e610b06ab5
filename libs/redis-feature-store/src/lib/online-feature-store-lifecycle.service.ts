import { Inject, Injectable, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { ReadinessRegistry } from '@platform/app-runtime';
import { ONLINE_FEATURE_STORE } from './online-feature-store.constants';
import { OnlineFeatureStore } from './online-feature-store.port';

/** Tells `/health/ready` whether the store answers, and quits its connection on shutdown. */
@Injectable()
export class OnlineFeatureStoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(ONLINE_FEATURE_STORE) private readonly store: OnlineFeatureStore,
    @Optional() private readonly readiness?: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness?.register('online-store', () => this.store.ping());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
