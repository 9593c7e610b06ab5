import { itemAt } from '@platform/common';
import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';

export interface AshaConfig {
  /** Rounds every trial gets before its first judgement. */
  readonly gracePeriod: number;
  /** η: a trial continues past a rung only when in the top 1/η of that rung. */
  readonly reductionFactor: number;
  /** Rounds of a trial that is never stopped. */
  readonly maxRounds: number;
}

/** Scores recorded per rung (rung rounds -> trial id -> score, higher is better). */
export interface AshaState {
  readonly rungs: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export type AshaDecision = 'continue' | 'stop';

/**
 * Asynchronous successive halving (Li et al. 2018, as Ray Tune's ASHA) over boosting rounds.
 * Rungs sit at gracePeriod * η^k rounds below maxRounds. A trial reaching a rung is compared
 * with every score recorded at that rung so far: below the (1 - 1/η) quantile it stops,
 * otherwise it goes on. No trial waits for others, so workers never idle.
 */
export class AshaScheduler {
  readonly rungs: readonly number[];
  private readonly recorded = new Map<number, Map<string, number>>();

  constructor(
    readonly config: AshaConfig,
    state?: AshaState,
  ) {
    const { gracePeriod, reductionFactor, maxRounds } = config;
    if (!(gracePeriod >= 1) || !(reductionFactor > 1) || !(maxRounds >= gracePeriod)) {
      throw new MlException(MlErrorCode.InvalidParams, 'ASHA needs gracePeriod >= 1, reductionFactor > 1, maxRounds >= gracePeriod');
    }
    const rungs: number[] = [];
    for (let r = gracePeriod; r < maxRounds; r = Math.ceil(r * reductionFactor)) rungs.push(Math.round(r));
    this.rungs = rungs;
    for (const [rung, scores] of Object.entries(state?.rungs ?? {})) {
      this.recorded.set(Number(rung), new Map(Object.entries(scores)));
    }
  }

  /** The round at which a trial that has done `rounds` rounds is next judged (or maxRounds). */
  nextMilestone(rounds: number): number {
    return this.rungs.find((rung) => rung > rounds) ?? this.config.maxRounds;
  }

  /** Records a trial's score at a rung and decides whether it goes on. */
  onMilestone(trialId: string, rung: number, score: number): AshaDecision {
    const scores = this.recorded.get(rung) ?? new Map<string, number>();
    this.recorded.set(rung, scores);
    scores.set(trialId, score);
    if (!Number.isFinite(score)) return 'stop';
    const values = [...scores.values()].filter(Number.isFinite).sort((a, b) => a - b);
    const cutoff = quantile(values, 1 - 1 / this.config.reductionFactor);
    return score < cutoff ? 'stop' : 'continue';
  }

  getState(): AshaState {
    const rungs: Record<string, Record<string, number>> = {};
    for (const [rung, scores] of this.recorded) rungs[String(rung)] = Object.fromEntries(scores);
    return { rungs };
  }
}

/** Linear-interpolated quantile of ascending values (numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return -Infinity;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const below = itemAt(sorted, low);
  return below + (itemAt(sorted, high) - below) * (position - low);
}
