import { ApplyBatchResult } from '../online-feature-store.port';

export function batchOutcome(groups: number, appliedGroups: number): ApplyBatchResult {
  const outcome = appliedGroups === groups ? 'applied' : appliedGroups === 0 ? 'duplicate' : 'partial';
  return { outcome, groups, appliedGroups };
}
