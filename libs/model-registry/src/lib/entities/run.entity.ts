import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { jsonText } from '@platform/database';
import type { ParamValue, RunStatus } from '../registry/registry.types';

/** One training attempt: its inputs (params, dataset and code version) and its life cycle. */
@Entity('registry_runs')
@Index('registry_runs_experiment_status', ['experimentId', 'status'])
export class RunEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'experiment_id', type: 'varchar', length: 36 })
  experimentId!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: RunStatus;

  @Column({ type: 'text', transformer: jsonText })
  params!: Record<string, ParamValue>;

  @Column({ type: 'text', transformer: jsonText })
  tags!: Record<string, string>;

  @Column({ name: 'dataset_version', type: 'varchar', length: 255, nullable: true })
  datasetVersion!: string | null;

  @Column({ name: 'code_version', type: 'varchar', length: 255, nullable: true })
  codeVersion!: string | null;

  @Column({ name: 'start_time', type: Date })
  startTime!: Date;

  @Column({ name: 'end_time', type: Date, nullable: true })
  endTime!: Date | null;
}
