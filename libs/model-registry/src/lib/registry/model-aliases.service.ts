import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { lockForUpdate, writeTransaction } from '@platform/database';
import { AliasHistoryEntity } from '../entities/alias-history.entity';
import { ModelAliasEntity } from '../entities/model-alias.entity';
import { ModelVersionEntity } from '../entities/model-version.entity';
import { RegisteredModelEntity } from '../entities/registered-model.entity';
import { modelRowOrThrow } from './model-catalog.service';
import { AliasNotFoundError, InvalidRegistryInputError, ModelVersionNotFoundError } from './registry.errors';
import { aliasOrThrow, versionOrThrow } from './registry-input.validation';
import { toAliasHistoryEntry } from './registry-views';
import { AliasChange, AliasHistoryEntry } from './registry.types';

/**
 * Moves and removes aliases. Each change and its history row are written in one transaction
 * holding the model's row (PostgreSQL `FOR UPDATE`; SQLite's single writer), so concurrent movers
 * queue up and the history stays a chain: every row's `fromVersion` is the previous row's `toVersion`.
 */
export class ModelAliasesService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Points `alias` at `version`. Returns the history entry written, or `null` when the alias
   * already pointed there (nothing changes, nothing is recorded).
   */
  async setAlias(name: string, alias: string, version: number, change: AliasChange): Promise<AliasHistoryEntry | null> {
    aliasOrThrow(alias);
    versionOrThrow(version);
    actorOrThrow(change);
    const model = await modelRowOrThrow(this.dataSource.manager, name);
    return writeTransaction(this.dataSource, async (manager) => {
      await lockForUpdate(manager, RegisteredModelEntity, model.id);
      if (!(await manager.existsBy(ModelVersionEntity, { modelId: model.id, version }))) {
        throw new ModelVersionNotFoundError(name, version);
      }
      const current = await manager.findOneBy(ModelAliasEntity, { modelId: model.id, alias });
      if (current?.version === version) return null;
      const at = new Date();
      if (current) await manager.update(ModelAliasEntity, { modelId: model.id, alias }, { version, updatedAt: at });
      else await manager.insert(ModelAliasEntity, { modelId: model.id, alias, version, updatedAt: at });
      return this.record(manager, model, alias, current?.version ?? null, version, change, at);
    });
  }

  /** Removes `alias`; the history records the move to `null`. */
  async deleteAlias(name: string, alias: string, change: AliasChange): Promise<AliasHistoryEntry> {
    aliasOrThrow(alias);
    actorOrThrow(change);
    const model = await modelRowOrThrow(this.dataSource.manager, name);
    return writeTransaction(this.dataSource, async (manager) => {
      await lockForUpdate(manager, RegisteredModelEntity, model.id);
      const current = await manager.findOneBy(ModelAliasEntity, { modelId: model.id, alias });
      if (!current) throw new AliasNotFoundError(name, alias);
      await manager.delete(ModelAliasEntity, { modelId: model.id, alias });
      return this.record(manager, model, alias, current.version, null, change, new Date());
    });
  }

  /** Every change of the model's aliases (or of one alias), oldest first. */
  async aliasHistory(name: string, alias?: string): Promise<AliasHistoryEntry[]> {
    if (alias !== undefined) aliasOrThrow(alias);
    const model = await modelRowOrThrow(this.dataSource.manager, name);
    const rows = await this.dataSource.manager.find(AliasHistoryEntity, {
      where: alias === undefined ? { modelId: model.id } : { modelId: model.id, alias },
      order: { alias: 'ASC', seq: 'ASC' },
    });
    return rows.map((row) => toAliasHistoryEntry(row, model.name));
  }

  private async record(
    manager: EntityManager,
    model: RegisteredModelEntity,
    alias: string,
    fromVersion: number | null,
    toVersion: number | null,
    change: AliasChange,
    at: Date,
  ): Promise<AliasHistoryEntry> {
    const { last } = (await manager
      .createQueryBuilder(AliasHistoryEntity, 'history')
      .select('MAX(history.seq)', 'last')
      .where('history.modelId = :modelId AND history.alias = :alias', { modelId: model.id, alias })
      .getRawOne<{ last: number | string | null }>()) ?? { last: null };
    const row: AliasHistoryEntity = {
      id: randomUUID(),
      modelId: model.id,
      alias,
      seq: Number(last ?? 0) + 1,
      fromVersion,
      toVersion,
      actor: change.actor,
      reason: change.reason ?? null,
      at,
    };
    await manager.insert(AliasHistoryEntity, row);
    return toAliasHistoryEntry(row, model.name);
  }
}

function actorOrThrow(change: AliasChange): void {
  if (typeof change?.actor !== 'string' || change.actor.trim() === '' || change.actor.length > 255) {
    throw new InvalidRegistryInputError('actor', 'expected who makes the change (a non-empty string of at most 255 characters)');
  }
}
