import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `processed`: its events are in both stores; `dead_lettered`: it failed for good and waits to be reprocessed. */
export type ObjectStatus = 'processed' | 'dead_lettered';

/** What became of a lake object; (bucket, key, eTag) is handled once. */
@Entity('processed_objects')
export class ProcessedObjectEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  bucket!: string;

  @PrimaryColumn({ name: 'object_key', type: 'varchar', length: 1024 })
  key!: string;

  @PrimaryColumn({ name: 'e_tag', type: 'varchar', length: 128 })
  eTag!: string;

  @Column({ type: 'integer' })
  events!: number;

  @Column({ type: 'integer' })
  rejected!: number;

  @Column({ name: 'processed_at', type: 'double precision' })
  processedAtMs!: number;

  @Column({ type: 'varchar', length: 16, default: 'processed' })
  status!: ObjectStatus;

  /** The bus delivery that settled it: a redelivery of that same message (its commit never happened) is redone. */
  @Column({ name: 'delivery_id', type: 'varchar', length: 512, nullable: true })
  deliveryId!: string | null;

  /** Why a dead-lettered object failed: its error code and message. */
  @Column({ name: 'failure_code', type: 'varchar', length: 64, nullable: true })
  failureCode!: string | null;

  @Column({ name: 'failure_reason', type: 'varchar', length: 1000, nullable: true })
  failureReason!: string | null;
}
