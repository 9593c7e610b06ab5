import { GbdtParams, resolveGbdtParams, TrialExecutor, TrialRoundMetrics, TreeEnsembleModel } from '@platform/ml';

export interface FinalFit {
  /** Cut to `bestRound` trees. */
  readonly model: TreeEnsembleModel;
  readonly bestRound: number;
  readonly rounds: readonly TrialRoundMetrics[];
  readonly params: GbdtParams;
}

/** Validation metrics of the final fit per round; the first picks the round kept. */
const FINAL_FIT_METRICS = ['auc', 'logloss'] as const;

/**
 * The final fit: the best trial's parameters trained on the training split up to `maxRounds`
 * on the executor (so it runs off the main thread, or on a worker machine), then cut back to
 * the round with the best validation AUC (early stopping without a patience limit).
 */
export async function fitFinalModel(
  executor: TrialExecutor,
  request: { datasetKey: string; params: Partial<GbdtParams>; maxRounds: number },
): Promise<FinalFit> {
  const params = resolveGbdtParams({ ...request.params, numTrees: request.maxRounds });
  const result = await executor.run({
    trialId: 'final-fit',
    datasetKey: request.datasetKey,
    params,
    fromRound: 0,
    toRound: request.maxRounds,
    metrics: [...FINAL_FIT_METRICS],
  });
  let bestRound = result.completedRounds;
  let bestAuc = -Infinity;
  for (const { round, metrics } of result.rounds) {
    const auc = metrics.auc ?? NaN;
    if (auc > bestAuc) {
      bestAuc = auc;
      bestRound = round;
    }
  }
  const model: TreeEnsembleModel = { ...result.model, trees: result.model.trees.slice(0, bestRound), params: { ...params, numTrees: bestRound } };
  return { model, bestRound, rounds: result.rounds, params: model.params };
}
