import type { DatabaseSchema } from '@platform/database';
import { MaterializeJobEntity } from './materialize-job.entity';
import { MaterializeJobs1767225600200 } from './materialize-jobs.migration';

/** The materialize jobs' share of the platform database (for `DatabaseModule.forRoot`). */
export const MATERIALIZE_SCHEMA: DatabaseSchema = {
  name: 'feature-pipeline',
  entities: [MaterializeJobEntity],
  migrations: [MaterializeJobs1767225600200],
};
