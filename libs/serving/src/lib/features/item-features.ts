import { EntityRecords } from '@platform/features';

/** How much the online store knows about an item's entities. */
export type FeatureAvailability = 'found' | 'partial' | 'missing';

export interface ItemFeatures {
  records: EntityRecords;
  /** The session the features come from: the item's own, or the user's latest; null when unknown. */
  session: string | null;
  /**
   * `found`: user, product, session and the (user, product, session) triple are all known;
   * `missing`: none is (no prediction is made: an unknown entity is never a vector of zeros);
   * `partial`: some are (unknown counts are 0, unknown attributes missing, as in training).
   */
  availability: FeatureAvailability;
}

export const ENTITIES = ['user', 'product', 'session', 'triple'] as const satisfies readonly (keyof EntityRecords)[];

export function availabilityOf(records: EntityRecords): FeatureAvailability {
  let known = 0;
  for (const entity of ENTITIES) if (records[entity] !== null) known++;
  return known === ENTITIES.length ? 'found' : known === 0 ? 'missing' : 'partial';
}
