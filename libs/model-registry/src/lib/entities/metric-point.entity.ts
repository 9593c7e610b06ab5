import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One point of a run's metric series (append-only). */
@Entity('registry_metric_points')
@Index('registry_metric_points_run_key_step', ['runId', 'key', 'step'])
export class MetricPointEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'integer' })
  step!: number;

  @Column({ name: 'logged_at', type: Date })
  loggedAt!: Date;
}
