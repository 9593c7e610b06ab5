import { Injectable } from '@nestjs/common';
import { AliasHistoryEntry, ModelVersion, RegistryService } from '@platform/model-registry';
import { ModelPromotionService } from '../promotion/model-promotion.service';
import { parseAliasChange } from './alias-change.request';

export interface ModelSummary {
  name: string;
  description: string | null;
  createdAt: Date;
  versions: number;
  /** Alias → version, e.g. { champion: 3 }. */
  aliases: Record<string, number>;
}

/** Registered models, their versions and aliases, and alias moves by hand, for the REST API. */
@Injectable()
export class ModelViews {
  constructor(
    private readonly registry: RegistryService,
    private readonly promotion: ModelPromotionService,
  ) {}

  async list(): Promise<ModelSummary[]> {
    const models = await this.registry.listModels();
    return Promise.all(
      models.map(async (model) => {
        const versions = await this.registry.listVersions(model.name);
        const aliases: Record<string, number> = {};
        for (const version of versions) for (const alias of version.aliases) aliases[alias] = version.version;
        return { name: model.name, description: model.description, createdAt: model.createdAt, versions: versions.length, aliases };
      }),
    );
  }

  versions(name: string): Promise<ModelVersion[]> {
    return this.registry.listVersions(name);
  }

  aliasHistory(name: string, alias?: string): Promise<AliasHistoryEntry[]> {
    return this.registry.aliasHistory(name, alias);
  }

  /** Moves an alias by hand (promotion or rollback): recorded with who and why, announced on model.promoted. */
  async moveAlias(name: string, body: unknown): Promise<{ changed: boolean; entry: AliasHistoryEntry | null; version: ModelVersion }> {
    const change = parseAliasChange(body);
    const entry = await this.promotion.moveAlias(name, change.alias, change.version, { actor: change.actor, reason: `manual: ${change.reason}` });
    return { changed: entry !== null, entry, version: await this.registry.getVersion(name, change.version) };
  }
}
