import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A lake object whose events are in the offline store; (bucket, key, eTag) is processed once. */
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
}
