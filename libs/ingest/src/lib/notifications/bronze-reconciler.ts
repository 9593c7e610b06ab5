import { Inject, Injectable, Logger } from '@nestjs/common';
import { OfflineEventStore } from '@platform/offline-store';
import { LAKE, type Lake } from '@platform/s3-lake';
import { BRONZE_BUCKET } from '../ingest.constants';
import { LakeAnnouncer } from './lake-announcer';

export interface ReconcileOptions {
  /** Only keys under this prefix (default: the whole bronze bucket). */
  prefix?: string;
  /** Leave objects younger than this alone: their notification may simply not be processed yet (default 0). */
  minAgeMs?: number;
  /** Stop after this many announcements. */
  limit?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ReconcileProgress) => void;
}

interface ReconcileProgress {
  scanned: number;
  processed: number;
  announced: number;
  skippedYoung: number;
}

export interface ReconcileResult extends ReconcileProgress {
  /** The keys announced again (first 1000). */
  keys: string[];
}

/**
 * Finds bronze objects that the stream processor has no record of (`processed_objects`, by
 * bucket, key and eTag) and announces them again: the way back from a notification lost to a
 * bus outage, a crash between PUT and publish, or a processor that was down. Announcing an
 * object twice is harmless: the processor de-duplicates by bucket, key and eTag.
 */
@Injectable()
export class BronzeReconciler {
  private readonly logger = new Logger(BronzeReconciler.name);

  constructor(
    @Inject(LAKE) private readonly lake: Lake,
    private readonly offlineStore: OfflineEventStore,
    private readonly announcer: LakeAnnouncer,
  ) {}

  async reconcile(options: ReconcileOptions = {}): Promise<ReconcileResult> {
    const started = Date.now();
    const result: ReconcileResult = { scanned: 0, processed: 0, announced: 0, skippedYoung: 0, keys: [] };
    const youngerThan = Date.now() - (options.minAgeMs ?? 0);
    for await (const object of this.lake.list({ bucket: BRONZE_BUCKET, prefix: options.prefix })) {
      options.signal?.throwIfAborted();
      result.scanned++;
      if (await this.offlineStore.isProcessed({ bucket: BRONZE_BUCKET, key: object.key, eTag: object.eTag })) {
        result.processed++;
      } else if (object.lastModified.getTime() > youngerThan) {
        result.skippedYoung++;
      } else {
        await this.announcer.announceNow({ bucket: BRONZE_BUCKET, key: object.key, size: object.size, eTag: object.eTag });
        result.announced++;
        if (result.keys.length < 1000) result.keys.push(object.key);
      }
      if (result.scanned % 100 === 0) options.onProgress?.(progressOf(result));
      if (options.limit !== undefined && result.announced >= options.limit) break;
    }
    options.onProgress?.(progressOf(result));
    this.logger.log(
      `reconciled ${BRONZE_BUCKET}/${options.prefix ?? ''}: ${result.scanned} objects, ${result.processed} processed, ` +
        `${result.announced} announced again, ${result.skippedYoung} too young, in ${Date.now() - started} ms`,
    );
    return result;
  }
}

function progressOf({ scanned, processed, announced, skippedYoung }: ReconcileResult): ReconcileProgress {
  return { scanned, processed, announced, skippedYoung };
}
