import { itemAt } from '@platform/common';
import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { SeededRandom } from '../common/seeded-random';
import { ParamDomain, ParamValue, SearchSpace } from './search-space.types';

/** Rejects empty or inverted ranges, naming every bad parameter. */
export function validateSearchSpace(space: SearchSpace): void {
  const problems: string[] = [];
  for (const [name, domain] of Object.entries(space)) {
    if (domain.type === 'choice') {
      if (domain.values.length === 0) problems.push(`${name}: choice needs values`);
    } else if (!(domain.low <= domain.high) || !Number.isFinite(domain.low) || !Number.isFinite(domain.high)) {
      problems.push(`${name}: low must be <= high and finite`);
    } else if ((domain.type === 'log-uniform' || (domain.type === 'int' && domain.log)) && domain.low <= 0) {
      problems.push(`${name}: a log domain needs low > 0`);
    } else if (domain.type === 'int' && (!Number.isInteger(domain.low) || !Number.isInteger(domain.high))) {
      problems.push(`${name}: int bounds must be integers`);
    }
  }
  if (Object.keys(space).length === 0) problems.push('the search space is empty');
  if (problems.length > 0) {
    throw new MlException(MlErrorCode.InvalidSearchSpace, `invalid search space: ${problems.join('; ')}`, { problems });
  }
}

export function isNumericDomain(domain: ParamDomain): domain is Exclude<ParamDomain, { type: 'choice' }> {
  return domain.type !== 'choice';
}

/**
 * Numeric domains map onto [0, 1] ("unit space": linear, or logarithmic for log domains);
 * samplers work there so that one kernel width fits every parameter.
 */
export function fromUnit(domain: Exclude<ParamDomain, { type: 'choice' }>, u: number): number {
  const t = Math.min(Math.max(u, 0), 1);
  const log = domain.type === 'log-uniform' || (domain.type === 'int' && domain.log === true);
  const value = log
    ? Math.exp(Math.log(domain.low) + t * (Math.log(domain.high) - Math.log(domain.low)))
    : domain.low + t * (domain.high - domain.low);
  if (domain.type !== 'int') return Math.min(Math.max(value, domain.low), domain.high);
  return Math.min(Math.max(Math.round(value), domain.low), domain.high);
}

export function toUnit(domain: Exclude<ParamDomain, { type: 'choice' }>, value: number): number {
  const log = domain.type === 'log-uniform' || (domain.type === 'int' && domain.log === true);
  if (domain.high === domain.low) return 0.5;
  return log
    ? (Math.log(value) - Math.log(domain.low)) / (Math.log(domain.high) - Math.log(domain.low))
    : (value - domain.low) / (domain.high - domain.low);
}

/** A uniform draw from the domain (uniform in unit space). */
export function sampleDomain(domain: ParamDomain, random: SeededRandom): ParamValue {
  if (domain.type === 'choice') return itemAt(domain.values, random.nextInt(domain.values.length));
  return fromUnit(domain, random.next());
}
