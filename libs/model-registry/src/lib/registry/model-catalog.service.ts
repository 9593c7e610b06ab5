import { itemAt } from '@platform/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { lockForUpdate, writeTransaction } from '@platform/database';
import { ModelAliasEntity } from '../entities/model-alias.entity';
import { ModelVersionEntity } from '../entities/model-version.entity';
import { RegisteredModelEntity } from '../entities/registered-model.entity';
import { RunEntity } from '../entities/run.entity';
import { ModelRef, parseModelRef } from './model-ref';
import {
  AliasNotFoundError,
  InvalidRegistryInputError,
  ModelNotFoundError,
  ModelVersionNotFoundError,
  RunNotFoundError,
} from './registry.errors';
import { aliasOrThrow, finiteOrThrow, keyOrThrow, modelNameOrThrow, versionOrThrow } from './registry-input.validation';
import { toModelVersion, toRegisteredModel } from './registry-views';
import {
  FeatureSchema,
  MODEL_VERSION_STATUSES,
  ModelVersion,
  ModelVersionStatus,
  RegisteredModel,
  RegisterVersionInput,
} from './registry.types';

/** Registered models and their numbered versions; resolves `name@alias` and `name/version`. */
export class ModelCatalogService {
  constructor(private readonly dataSource: DataSource) {}

  async getOrCreateModel(name: string, description?: string): Promise<RegisteredModel> {
    modelNameOrThrow(name);
    const existing = await this.dataSource.manager.findOneBy(RegisteredModelEntity, { name });
    if (existing) return toRegisteredModel(existing);
    await writeTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(RegisteredModelEntity)
        .values({ id: randomUUID(), name, description: description ?? null, createdAt: new Date() })
        .orIgnore()
        .execute(),
    );
    return this.getModel(name);
  }

  async getModel(name: string): Promise<RegisteredModel> {
    return toRegisteredModel(await modelRowOrThrow(this.dataSource.manager, name));
  }

  async listModels(): Promise<RegisteredModel[]> {
    return (await this.dataSource.manager.find(RegisteredModelEntity, { order: { name: 'ASC' } })).map(toRegisteredModel);
  }

  /**
   * Registers the next version of a model (1 for the first). The model's row is locked while the
   * number is chosen, so concurrent registrations get distinct consecutive numbers; the unique
   * (model, version) constraint backs that up.
   */
  async registerVersion(input: RegisterVersionInput): Promise<ModelVersion> {
    const status = input.status ?? 'READY';
    if (!MODEL_VERSION_STATUSES.includes(status)) {
      throw new InvalidRegistryInputError('status', `expected one of ${MODEL_VERSION_STATUSES.join(', ')}, got ${JSON.stringify(status)}`);
    }
    const artifactUriOf = (version: number): string => {
      const uri = typeof input.artifactUri === 'function' ? input.artifactUri(version) : input.artifactUri;
      if (typeof uri !== 'string' || uri === '') {
        throw new InvalidRegistryInputError('artifactUri', 'expected a non-empty URI (e.g. s3://storage/models/<name>/<version>/)');
      }
      return uri;
    };
    if (typeof input.artifactUri !== 'function') artifactUriOf(0);
    const metrics = metricsOrThrow(input.metrics ?? {});
    const featureSchema = featureSchemaOrThrow(input.featureSchema);
    if (input.runId !== undefined && !(await this.dataSource.manager.existsBy(RunEntity, { id: input.runId }))) {
      throw new RunNotFoundError(input.runId);
    }
    const model = await this.getOrCreateModel(input.model);
    const row = await writeTransaction(this.dataSource, async (manager) => {
      await lockForUpdate(manager, RegisteredModelEntity, model.id);
      const { max } = (await manager
        .createQueryBuilder(ModelVersionEntity, 'version')
        .select('MAX(version.version)', 'max')
        .where('version.modelId = :modelId', { modelId: model.id })
        .getRawOne<{ max: number | string | null }>()) ?? { max: null };
      const number = Number(max ?? 0) + 1;
      const version: ModelVersionEntity = {
        id: randomUUID(),
        modelId: model.id,
        version: number,
        runId: input.runId ?? null,
        artifactUri: artifactUriOf(number),
        metrics,
        featureSchema,
        status,
        description: input.description ?? null,
        createdAt: new Date(),
      };
      // The feature schema's open-ended extras defeat TypeORM's deep-partial typing; the row is complete.
      await manager.insert(ModelVersionEntity, version as QueryDeepPartialEntity<ModelVersionEntity>);
      return version;
    });
    return toModelVersion(row, model.name, []);
  }

  async getVersion(name: string, version: number): Promise<ModelVersion> {
    versionOrThrow(version);
    const model = await modelRowOrThrow(this.dataSource.manager, name);
    const row = await this.dataSource.manager.findOneBy(ModelVersionEntity, { modelId: model.id, version });
    if (!row) throw new ModelVersionNotFoundError(name, version);
    return itemAt(await this.withAliases(model, [row]), 0);
  }

  async listVersions(name: string): Promise<ModelVersion[]> {
    const model = await modelRowOrThrow(this.dataSource.manager, name);
    const rows = await this.dataSource.manager.find(ModelVersionEntity, {
      where: { modelId: model.id },
      order: { version: 'ASC' },
    });
    return this.withAliases(model, rows);
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    aliasOrThrow(alias);
    const model = await modelRowOrThrow(this.dataSource.manager, name);
    const target = await this.dataSource.manager.findOneBy(ModelAliasEntity, { modelId: model.id, alias });
    if (!target) throw new AliasNotFoundError(name, alias);
    return this.getVersion(name, target.version);
  }

  /** `name@alias`, `name/version`, or an already parsed reference. */
  async resolve(ref: string | ModelRef): Promise<ModelVersion> {
    const parsed = typeof ref === 'string' ? parseModelRef(ref) : ref;
    return 'alias' in parsed ? this.getVersionByAlias(parsed.model, parsed.alias) : this.getVersion(parsed.model, parsed.version);
  }

  async setVersionStatus(name: string, version: number, status: ModelVersionStatus): Promise<ModelVersion> {
    if (!MODEL_VERSION_STATUSES.includes(status)) {
      throw new InvalidRegistryInputError('status', `expected one of ${MODEL_VERSION_STATUSES.join(', ')}, got ${JSON.stringify(status)}`);
    }
    const current = await this.getVersion(name, version);
    await writeTransaction(this.dataSource, (manager) => manager.update(ModelVersionEntity, { id: current.id }, { status }));
    return { ...current, status };
  }

  private async withAliases(model: RegisteredModelEntity, rows: ModelVersionEntity[]): Promise<ModelVersion[]> {
    const aliases = rows.length
      ? await this.dataSource.manager.find(ModelAliasEntity, {
          where: { modelId: model.id, version: In(rows.map((row) => row.version)) },
          order: { alias: 'ASC' },
        })
      : [];
    return rows.map((row) =>
      toModelVersion(
        row,
        model.name,
        aliases.filter((alias) => alias.version === row.version).map((alias) => alias.alias),
      ),
    );
  }
}

export async function modelRowOrThrow(manager: EntityManager, name: string): Promise<RegisteredModelEntity> {
  modelNameOrThrow(name);
  const row = await manager.findOneBy(RegisteredModelEntity, { name });
  if (!row) throw new ModelNotFoundError(name);
  return row;
}

function metricsOrThrow(metrics: Record<string, number>): Record<string, number> {
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
    throw new InvalidRegistryInputError('metrics', 'expected an object of finite numbers');
  }
  for (const [key, value] of Object.entries(metrics)) {
    keyOrThrow(key, 'metrics key');
    finiteOrThrow(value, `metrics.${key}`);
  }
  return metrics;
}

function featureSchemaOrThrow(schema: FeatureSchema | undefined): FeatureSchema | null {
  if (schema === undefined) return null;
  if (
    typeof schema !== 'object' ||
    schema === null ||
    !Array.isArray(schema.features) ||
    !schema.features.every((feature) => typeof feature === 'string')
  ) {
    throw new InvalidRegistryInputError('featureSchema', 'expected { features: string[], ... }');
  }
  return schema;
}
