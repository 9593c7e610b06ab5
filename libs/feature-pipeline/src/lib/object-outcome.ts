/** What processing one lake object came to. */
export interface ObjectOutcome {
  /**
   * `processed`: its good events are in both stores (an unreadable tail, if any, dead-lettered);
   * `duplicate`: already settled as (bucket, key, eTag); `refused`: not in the bronze bucket, not
   * read; `dead_lettered`: failed for good, waiting to be reprocessed.
   */
  status: 'processed' | 'duplicate' | 'refused' | 'dead_lettered';
  bucket: string;
  key: string;
  eTag: string;
  events: number;
  rejected: number;
  /** The object could not be read to its end (truncated, unclosed quote, over the inflated limit). */
  unreadableTail?: true;
  /** Newest event time applied (epoch ms), for feature freshness. */
  newestEventAt?: number;
  durationMs: number;
}
