import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATA_STREAMING_TOPIC, EventPublisher, lakeObjectCreatedNotification } from '@platform/kafka-events';
import { DeadLetteredObject, OfflineEventStore } from '@platform/offline-store';
import { LAKE, Lake, LakeObjectInfo, LakeObjectNotFoundError } from '@platform/s3-lake';
import { z } from 'zod';
import { BRONZE_BUCKET } from '../lake-object-processor';
import { ReprocessRefusedError } from './reprocess-refused.error';

const reprocessRequest = z.strictObject({
  bucket: z.string().min(1).max(255).optional(),
  key: z.string().min(1).max(1024),
  eTag: z.string().min(1).max(128).optional(),
});

export interface ReprocessAnswer {
  bucket: string;
  key: string;
  eTag: string;
  /** `released`: it was dead-lettered; `unknown`: never settled (its announcement was lost). Either way it is announced again. */
  was: 'released' | 'unknown';
}

/** `eventSource` of the notifications a reprocessing sends. */
const REPROCESSING_WRITER = 'platform:stream-processor';

/**
 * Processes a dead-lettered object again once its cause is fixed (DESIGN.md section 13): forgets
 * its dead-lettered record and announces it on `data_streaming`, so it takes the normal path
 * (same guards, same ids: what was already written counts once). A processed object is refused:
 * reprocessing never counts an object twice.
 */
@Injectable()
export class ObjectReprocessing {
  private readonly logger = new Logger(ObjectReprocessing.name);

  constructor(
    @Inject(LAKE) private readonly lake: Lake,
    private readonly offlineStore: OfflineEventStore,
    private readonly publisher: EventPublisher,
  ) {}

  deadLettered(limit = 100): Promise<DeadLetteredObject[]> {
    return this.offlineStore.deadLetteredObjects(limit);
  }

  async reprocess(body: unknown): Promise<ReprocessAnswer> {
    const request = parse(body);
    if (request.bucket !== undefined && request.bucket !== BRONZE_BUCKET && request.bucket !== this.lake.bucketName(BRONZE_BUCKET)) {
      throw new ReprocessRefusedError('INVALID_REQUEST', `bucket: only bronze objects are processed, not "${request.bucket}"`);
    }
    const info = await this.head(request.key);
    const eTag = request.eTag ?? info.eTag;
    if (eTag !== info.eTag) {
      throw new ReprocessRefusedError('OBJECT_NOT_FOUND', `eTag: bronze/${request.key} is now version ${info.eTag}, not ${eTag}; reprocess the current version (leave eTag out)`);
    }
    const id = { bucket: BRONZE_BUCKET, key: request.key, eTag };
    const released = await this.offlineStore.releaseDeadLettered(id);
    if (!released && (await this.offlineStore.isProcessed(id))) {
      throw new ReprocessRefusedError('ALREADY_PROCESSED', `bronze/${request.key}#${eTag} is already processed; reprocessing it would count it twice`);
    }
    await this.publisher.publish(
      DATA_STREAMING_TOPIC,
      lakeObjectCreatedNotification({ ...id, size: info.size, contentType: info.contentType, writer: REPROCESSING_WRITER }),
    );
    this.logger.log(`reprocessing bronze/${request.key}#${eTag} (${released ? 'was dead-lettered' : 'never settled'})`);
    return { ...id, was: released ? 'released' : 'unknown' };
  }

  private async head(key: string): Promise<LakeObjectInfo> {
    try {
      return await this.lake.head({ bucket: BRONZE_BUCKET, key });
    } catch (error) {
      if (!(error instanceof LakeObjectNotFoundError)) throw error;
      throw new ReprocessRefusedError('OBJECT_NOT_FOUND', `key: bronze/${key} is not in the lake; put it back first`);
    }
  }
}

function parse(body: unknown): z.output<typeof reprocessRequest> {
  const parsed = reprocessRequest.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new ReprocessRefusedError('INVALID_REQUEST', `${field}: ${issue?.message ?? 'expected {key, bucket?, eTag?}'}`);
}
