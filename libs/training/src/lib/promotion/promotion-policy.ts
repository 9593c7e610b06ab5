/** When a new version takes the alias (DESIGN.md section 7). */
export interface PromotionPolicy {
  /** The alias the serving side follows. */
  readonly alias: string;
  /** `PROMOTION_MIN_AUC_GAIN`: test ROC-AUC the new version must gain over the champion's, on the same test rows. */
  readonly minAucGain: number;
}

export const CHAMPION_ALIAS = 'champion';
export const DEFAULT_PROMOTION_MIN_AUC_GAIN = 0.001;

/** Who moves an alias when the trainer does it. */
export const TRAINER_ACTOR = 'trainer';

export interface PromotionDecision {
  readonly promoted: boolean;
  /** Why, with the metrics of both versions: what the alias history (or the run's tags) records. */
  readonly reason: string;
  readonly championVersion?: number;
  readonly championAuc?: number;
  readonly candidateAuc: number;
}
