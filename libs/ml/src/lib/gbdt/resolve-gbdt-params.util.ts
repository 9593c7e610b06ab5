import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { DEFAULT_GBDT_PARAMS, GbdtParams } from './gbdt-params.types';

type Check = readonly [keyof GbdtParams, (v: number) => boolean, string];

const CHECKS: readonly Check[] = [
  ['numTrees', (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0'],
  ['learningRate', (v) => v > 0, '> 0'],
  ['numLeaves', (v) => Number.isInteger(v) && v >= 2 && v <= 131072, 'an integer in [2, 131072]'],
  ['maxDepth', (v) => Number.isInteger(v) && (v === -1 || v >= 1), '-1 or an integer >= 1'],
  ['minDataInLeaf', (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'],
  ['minSumHessianInLeaf', (v) => v >= 0, '>= 0'],
  ['lambdaL2', (v) => v >= 0, '>= 0'],
  ['minGainToSplit', (v) => v >= 0, '>= 0'],
  ['featureFraction', (v) => v > 0 && v <= 1, 'in (0, 1]'],
  ['baggingFraction', (v) => v > 0 && v <= 1, 'in (0, 1]'],
  ['baggingFreq', (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0'],
  ['maxBin', (v) => Number.isInteger(v) && v >= 2 && v <= 65534, 'an integer in [2, 65534]'],
  ['binSampleSize', (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'],
  ['maxCatToOnehot', (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'],
  ['maxCatThreshold', (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'],
  ['catSmooth', (v) => v >= 0, '>= 0'],
  ['catL2', (v) => v >= 0, '>= 0'],
  ['minDataPerGroup', (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'],
  ['earlyStoppingRounds', (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0'],
  ['seed', (v) => Number.isInteger(v), 'an integer'],
];

/** Fills defaults and rejects every out-of-range value at once, naming each. */
export function resolveGbdtParams(params: Partial<GbdtParams> = {}): GbdtParams {
  const resolved: GbdtParams = { ...DEFAULT_GBDT_PARAMS, ...stripUndefined(params) };
  const problems = CHECKS.filter(([key, ok]) => typeof resolved[key] !== 'number' || !ok(resolved[key])).map(
    ([key, , rule]) => `${key} must be ${rule} (got ${String(resolved[key])})`,
  );
  const unknown = Object.keys(params).filter((key) => !(key in DEFAULT_GBDT_PARAMS));
  problems.push(...unknown.map((key) => `unknown parameter ${key}`));
  if (problems.length > 0) {
    throw new MlException(MlErrorCode.InvalidParams, `invalid GBDT parameters: ${problems.join('; ')}`, { problems });
  }
  return resolved;
}

function stripUndefined(params: Partial<GbdtParams>): Partial<GbdtParams> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}
