/** What processing one lake object came to. */
export interface ObjectOutcome {
  /** `duplicate`: already processed (bucket, key, eTag); `unreadable`: sent to the DLQ whole. */
  status: 'processed' | 'duplicate' | 'unreadable';
  bucket: string;
  key: string;
  eTag: string;
  events: number;
  rejected: number;
  /** Newest event time applied (epoch ms), for feature freshness. */
  newestEventAt?: number;
  durationMs: number;
}
