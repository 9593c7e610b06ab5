import { Logger } from '@nestjs/common';
import { modelArtifactUri, ModelVersion, RegistryError, RegistryService, AliasHistoryEntry } from '@platform/model-registry';
import type { TrainingDataset } from '../dataset/training-dataset';
import { ChampionScore, ChampionScorer } from './champion-scorer';
import { PromotionDecision, PromotionPolicy, TRAINER_ACTOR } from './promotion-policy';

/** Publishes that a version took an alias (`model.promoted` on the bus). */
export interface PromotionAnnouncer {
  announce(message: { model: string; version: number; alias: string; artifactUri: string; metrics: Record<string, number> }): Promise<void>;
}

/**
 * Moves aliases: automatically after a training, only when the new version beats the champion
 * on the same test rows by the policy's margin; by hand (promotion, rollback) when asked. Every
 * move is recorded in the alias history with its reason, and announced on `model.promoted`.
 */
export class ModelPromotionService {
  private readonly logger = new Logger(ModelPromotionService.name);

  constructor(
    private readonly registry: RegistryService,
    private readonly champions: ChampionScorer,
    private readonly announcer: PromotionAnnouncer,
    readonly policy: PromotionPolicy,
  ) {}

  /** After a training: compare with the champion on `dataset`'s test rows and move the alias if the candidate wins. */
  async promoteIfBetter(candidate: ModelVersion, dataset: TrainingDataset): Promise<PromotionDecision> {
    const { alias, minAucGain } = this.policy;
    const candidateAuc = candidate.metrics['roc_auc'] ?? NaN;
    const ours = `test ROC-AUC ${fmt(candidateAuc)} (PR-AUC ${fmt(candidate.metrics['pr_auc'])}, log loss ${fmt(candidate.metrics['log_loss'])})`;
    const champion = await this.currentHolder(candidate.model);
    let decision: PromotionDecision;
    if (!champion) {
      decision = { promoted: true, candidateAuc, reason: `v${candidate.version} ${ours}: no version held ${alias}` };
    } else {
      let score: ChampionScore | undefined;
      let failure: string | undefined;
      try {
        score = await this.champions.score(champion, dataset);
      } catch (error) {
        failure = (error as Error).message;
      }
      if (!score) {
        decision = {
          promoted: true,
          candidateAuc,
          championVersion: champion.version,
          reason: `v${candidate.version} ${ours}; ${alias} v${champion.version} could not be scored on these test rows (${failure}), so it cannot be kept on merit`,
        };
      } else {
        const gain = candidateAuc - score.rocAuc;
        const versus =
          `v${candidate.version} ${ours} vs ${alias} v${champion.version} ${fmt(score.rocAuc)} (PR-AUC ${fmt(score.prAuc)}, log loss ${fmt(score.logLoss)}) ` +
          `on the same ${score.examples} test examples: gain ${fmt(gain)}`;
        decision = {
          promoted: gain >= minAucGain,
          candidateAuc,
          championVersion: champion.version,
          championAuc: score.rocAuc,
          reason: `${versus} ${gain >= minAucGain ? '>=' : '<'} PROMOTION_MIN_AUC_GAIN ${minAucGain}`,
        };
      }
    }
    if (decision.promoted) await this.moveAlias(candidate.model, alias, candidate.version, { actor: TRAINER_ACTOR, reason: `automatic: ${decision.reason}` });
    else this.logger.log(`${candidate.model} ${alias} stays: ${decision.reason}`);
    return decision;
  }

  /** Points `alias` at `version` (a manual promotion or a rollback too), records why and announces it. */
  async moveAlias(model: string, alias: string, version: number, change: { actor: string; reason: string }): Promise<AliasHistoryEntry | null> {
    const target = await this.registry.getVersion(model, version);
    if (target.status !== 'READY') {
      throw new RegistryError(`${model} v${version} is ${target.status}, not READY: only a fully registered version can take an alias`, 'INVALID_STATE');
    }
    const entry = await this.registry.setAlias(model, alias, version, change);
    if (entry === null) return null;
    try {
      await this.announcer.announce({ model, version, alias, artifactUri: target.artifactUri || modelArtifactUri(model, version), metrics: target.metrics });
    } catch (error) {
      // The move stands (it is in the registry); the serving side also polls the alias.
      this.logger.warn(`${model}@${alias} → v${version} could not be announced on model.promoted: ${(error as Error).message}`);
    }
    this.logger.log(`${model}@${alias} → v${version} (${change.actor}: ${change.reason})`);
    return entry;
  }

  private async currentHolder(model: string): Promise<ModelVersion | undefined> {
    try {
      return await this.registry.resolve({ model, alias: this.policy.alias });
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }
}

function fmt(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(5);
}
