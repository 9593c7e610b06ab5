import { FeatureRecord, productKeyFor, sessionKeyFor, tripleKeyFor, userKeyFor } from '@platform/features';
import { OnlineFeatureStore, OnlineStoreError, RecordRead } from '@platform/redis-feature-store';
import { FeaturesUnavailableError } from '../errors/features-unavailable.error';
import { PredictItem } from '../request/predict-item';
import { availabilityOf, ItemFeatures } from './item-features';

/** The user record's field that names its latest session (libs/features' reducer writes it). */
const LATEST_SESSION = 'latest_session';

/**
 * Reads the four records of every item of a request in ONE online-store round trip. An item
 * without a session follows its user's `latest_session` inside the same call. Keys shared by
 * items (one user scoring many products) are read once.
 */
export class FeatureReader {
  constructor(private readonly store: OnlineFeatureStore) {}

  async read(items: readonly PredictItem[]): Promise<ItemFeatures[]> {
    const reads: RecordRead[] = [];
    const indexOf = new Map<string, number>();
    const plain = (key: string): number => {
      let index = indexOf.get(key);
      if (index === undefined) {
        index = reads.push(key) - 1;
        indexOf.set(key, index);
      }
      return index;
    };
    const followed = (via: number, prefix: string): number => {
      const id = `${via}\u0000${prefix}`;
      let index = indexOf.get(id);
      if (index === undefined) {
        index = reads.push({ via, field: LATEST_SESSION, prefix }) - 1;
        indexOf.set(id, index);
      }
      return index;
    };
    const plan = items.map(({ user_id: user, product_id: product, user_session: session }) => {
      const userRead = plain(userKeyFor(user));
      const productRead = plain(productKeyFor(product));
      if (session !== undefined) {
        return { userRead, productRead, sessionRead: plain(sessionKeyFor(session)), tripleRead: plain(tripleKeyFor(user, product, session)) };
      }
      // The key builders with an empty session give the prefix the latest session completes.
      return { userRead, productRead, sessionRead: followed(userRead, sessionKeyFor('')), tripleRead: followed(userRead, tripleKeyFor(user, product, '')) };
    });
    let records: (FeatureRecord | null)[];
    try {
      records = await this.store.readRecords(reads);
    } catch (error) {
      if (error instanceof OnlineStoreError && error.retriable) throw new FeaturesUnavailableError({ cause: error });
      throw error;
    }
    return items.map((item, i) => {
      const step = plan[i] as (typeof plan)[number];
      const user = records[step.userRead] ?? null;
      const entityRecords = {
        user,
        product: records[step.productRead] ?? null,
        session: records[step.sessionRead] ?? null,
        triple: records[step.tripleRead] ?? null,
      };
      const latest = user?.[LATEST_SESSION];
      const session = item.user_session ?? (latest === undefined ? null : String(latest));
      return { records: entityRecords, session, availability: availabilityOf(entityRecords) };
    });
  }
}
