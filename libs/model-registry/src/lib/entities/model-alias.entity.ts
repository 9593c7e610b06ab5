import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A movable name for one version of a model (e.g. `champion`). */
@Entity('registry_model_aliases')
export class ModelAliasEntity {
  @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 36 })
  modelId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  alias!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
