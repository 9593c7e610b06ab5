import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { ReadinessRegistry } from '@platform/app-runtime';
import { DataSource } from 'typeorm';
import { PLATFORM_DATA_SOURCE } from '../database.constants';

/** Reports the database in `/health/ready` and closes its connections when the app stops. */
@Injectable()
export class DataSourceLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DataSourceLifecycle.name);

  constructor(
    @Inject(PLATFORM_DATA_SOURCE) private readonly dataSource: DataSource,
    @Optional() private readonly readiness?: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness?.register('database', async () => {
      if (!this.dataSource.isInitialized) throw new Error('the database connection is closed');
      await this.dataSource.query('SELECT 1');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    await this.dataSource.destroy();
    this.logger.log('database connections closed');
  }
}
