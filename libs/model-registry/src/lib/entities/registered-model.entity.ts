import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A model name under which versions are registered; its row is the lock for version and alias changes. */
@Entity('registry_models')
@Unique('registry_models_name', ['name'])
export class RegisteredModelEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
