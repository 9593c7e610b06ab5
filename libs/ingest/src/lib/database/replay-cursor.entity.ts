import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a replay stands: the last datasource key it copied into bronze. */
@Entity('ingest_replay_cursors')
export class ReplayCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 1024 })
  prefix!: string;

  @Column({ name: 'last_key', type: 'varchar', length: 1024, nullable: true })
  lastKey!: string | null;

  @Column({ name: 'objects_copied', type: 'integer' })
  objectsCopied!: number;

  @Column({ name: 'finished_at', type: 'double precision', nullable: true })
  finishedAtMs!: number | null;

  @Column({ name: 'updated_at', type: 'double precision' })
  updatedAtMs!: number;
}
