import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_DATA_SOURCE } from '@platform/database';
import { DataSource, In } from 'typeorm';
import { MaterializeJobEntity } from './materialize-job.entity';

/** The jobs' rows: one per job, updated as its checkpoint. */
@Injectable()
export class MaterializeJobRepository {
  constructor(@Inject(PLATFORM_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async find(id: string): Promise<MaterializeJobEntity | null> {
    return this.dataSource.getRepository(MaterializeJobEntity).findOneBy({ id });
  }

  /** The newest job not done (running, failed, or deleting its old generation), if any. */
  async latestUnfinished(): Promise<MaterializeJobEntity | null> {
    return this.dataSource
      .getRepository(MaterializeJobEntity)
      .findOne({ where: { status: In(['running', 'deleting', 'failed']) }, order: { startedAtMs: 'DESC' } });
  }

  async save(job: MaterializeJobEntity): Promise<void> {
    job.updatedAtMs = Date.now();
    await this.dataSource.getRepository(MaterializeJobEntity).save(job);
  }
}
