import { Inject, Injectable, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { ReadinessRegistry } from '@platform/app-runtime';
import { LAKE } from './lake.constants';
import { Lake } from './lake.port';

/** Tells `/health/ready` whether the lake answers, and lets go of its connections on shutdown. */
@Injectable()
export class LakeLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(LAKE) private readonly lake: Lake,
    @Optional() private readonly readiness?: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness?.register('lake', () => this.lake.ping());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.lake.close();
  }
}
