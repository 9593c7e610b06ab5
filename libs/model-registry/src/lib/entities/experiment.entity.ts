import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { jsonText } from '@platform/database';

/** A named group of runs (e.g. one model family's training attempts). */
@Entity('registry_experiments')
@Unique('registry_experiments_name', ['name'])
export class ExperimentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', transformer: jsonText })
  tags!: Record<string, string>;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
