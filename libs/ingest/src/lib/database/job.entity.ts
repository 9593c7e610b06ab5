import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A gateway job as `GET /jobs/:id` shows it, kept so that it survives a restart and can be resumed. */
@Entity('ingest_jobs')
export class JobEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  /** JSON texts of the view's parts. */
  @Column({ type: 'text' })
  params!: string;

  @Column({ type: 'text', nullable: true })
  progress!: string | null;

  @Column({ type: 'text', nullable: true })
  result!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'started_at', type: 'varchar', length: 32 })
  startedAt!: string;

  @Column({ name: 'finished_at', type: 'varchar', length: 32, nullable: true })
  finishedAt!: string | null;

  /** The gateway process running it, and when it last said so: a running job whose heartbeat stopped was interrupted. */
  @Column({ type: 'varchar', length: 32 })
  owner!: string;

  @Column({ name: 'heartbeat_at', type: 'double precision' })
  heartbeatAtMs!: number;
}
