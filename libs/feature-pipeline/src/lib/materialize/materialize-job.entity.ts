import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `running` → (switch) → `deleting` the old generation → `done`; `failed` waits to be resumed. */
export type MaterializeJobStatus = 'running' | 'deleting' | 'done' | 'failed';

/** A materialize job and its checkpoint (DESIGN.md section 6): resumed from `cursor_*` after a crash. */
@Entity('materialize_jobs')
export class MaterializeJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: MaterializeJobStatus;

  /** The generation it builds, and the one readers used when it started (deleted after the switch). */
  @Column({ type: 'integer' })
  generation!: number;

  @Column({ name: 'previous_generation', type: 'integer' })
  previousGeneration!: number;

  /** Event-time range folded (epoch ms, from inclusive, to exclusive); null: open. */
  @Column({ name: 'since_ms', type: 'double precision', nullable: true })
  sinceMs!: number | null;

  @Column({ name: 'until_ms', type: 'double precision', nullable: true })
  untilMs!: number | null;

  /** The newest event time when it started: keys whose TTL ran out before it are not kept. */
  @Column({ name: 'horizon_ms', type: 'double precision', nullable: true })
  horizonMs!: number | null;

  /**
   * Objects settled after this (epoch ms) are not folded: their processors saw the generation being
   * built when they settled them (`GenerationCatchUp`). The time it began building, plus a margin
   * for clock differences between hosts.
   */
  @Column({ name: 'settled_until_ms', type: 'double precision' })
  settledUntilMs!: number;

  /** The last object folded, in settled order (`OfflineEventStore.processedObjectsAfter`). */
  @Column({ name: 'cursor_processed_at', type: 'double precision', nullable: true })
  cursorProcessedAtMs!: number | null;

  @Column({ name: 'cursor_bucket', type: 'varchar', length: 255, nullable: true })
  cursorBucket!: string | null;

  @Column({ name: 'cursor_key', type: 'varchar', length: 1024, nullable: true })
  cursorKey!: string | null;

  @Column({ name: 'cursor_etag', type: 'varchar', length: 128, nullable: true })
  cursorETag!: string | null;

  @Column({ type: 'double precision' })
  objects!: number;

  @Column({ type: 'double precision' })
  events!: number;

  @Column({ name: 'keys_written', type: 'double precision' })
  keysWritten!: number;

  /** Events in the range when it started: the denominator of its progress. */
  @Column({ name: 'total_events', type: 'double precision' })
  totalEvents!: number;

  @Column({ name: 'started_at', type: 'double precision' })
  startedAtMs!: number;

  /** Heartbeat: a `running` job not updated for a while died with its process and may be resumed. */
  @Column({ name: 'updated_at', type: 'double precision' })
  updatedAtMs!: number;

  @Column({ name: 'finished_at', type: 'double precision', nullable: true })
  finishedAtMs!: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;
}
