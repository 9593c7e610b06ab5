import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { jsonText } from '@platform/database';
import type { FeatureSchema, ModelVersionStatus } from '../registry/registry.types';

/** One registered artifact of a model; `version` counts 1, 2, 3... per model. */
@Entity('registry_model_versions')
@Unique('registry_model_versions_model_version', ['modelId', 'version'])
export class ModelVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'model_id', type: 'varchar', length: 36 })
  modelId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId!: string | null;

  @Column({ name: 'artifact_uri', type: 'text' })
  artifactUri!: string;

  @Column({ type: 'text', transformer: jsonText })
  metrics!: Record<string, number>;

  @Column({ name: 'feature_schema', type: 'text', transformer: jsonText, nullable: true })
  featureSchema!: FeatureSchema | null;

  @Column({ type: 'varchar', length: 32 })
  status!: ModelVersionStatus;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
