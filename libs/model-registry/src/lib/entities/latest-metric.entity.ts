import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The point with the highest (step, time) of each run's metric, kept up to date by `logMetrics`,
 * so that searching runs by a metric is a join on an indexed table rather than a scan of series.
 */
@Entity('registry_latest_metrics')
export class LatestMetricEntity {
  @PrimaryColumn({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'integer' })
  step!: number;

  @Column({ name: 'logged_at', type: Date })
  loggedAt!: Date;
}
