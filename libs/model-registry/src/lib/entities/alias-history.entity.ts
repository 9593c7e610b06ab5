import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * Append-only record of every alias change. `seq` numbers the changes of one alias 1, 2, 3...,
 * so the chain (each row's `fromVersion` is the previous row's `toVersion`) has a total order even
 * when two changes share a timestamp; `null` versions mean "unset".
 */
@Entity('registry_alias_history')
@Unique('registry_alias_history_model_alias_seq', ['modelId', 'alias', 'seq'])
export class AliasHistoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'model_id', type: 'varchar', length: 36 })
  modelId!: string;

  @Column({ type: 'varchar', length: 64 })
  alias!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'from_version', type: 'integer', nullable: true })
  fromVersion!: number | null;

  @Column({ name: 'to_version', type: 'integer', nullable: true })
  toVersion!: number | null;

  @Column({ type: 'varchar', length: 255 })
  actor!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: Date })
  at!: Date;
}
