import { normaliseETag } from '@platform/common';
import { LakeNotification, LakeObjectCreated } from './lake-notification.contract';
import { encodeS3EventKey } from './s3-event-key';

export interface LakeObjectWritten extends LakeObjectCreated {
  contentType?: string;
  /** Defaults to now. */
  eventTime?: Date;
  /** Who wrote the object, for the record's `eventSource` (e.g. `platform:ingest-gateway`). */
  writer?: string;
}

/**
 * The notification MinIO would have sent for a PUT, for writers whose lake cannot notify
 * (filesystem lake, plain S3 servers): the gateway publishes it after a successful PUT
 * (DESIGN.md section 4), so the processor cannot tell who sent it.
 */
export function lakeObjectCreatedNotification(object: LakeObjectWritten): LakeNotification {
  const eventName = 's3:ObjectCreated:Put';
  const eventTime = (object.eventTime ?? new Date()).toISOString();
  return {
    EventName: eventName,
    Key: `${object.bucket}/${object.key}`,
    Records: [
      {
        eventVersion: '2.0',
        eventSource: object.writer ?? 'platform:lake',
        awsRegion: '',
        eventTime,
        eventName,
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'Config',
          bucket: { name: object.bucket, arn: `arn:aws:s3:::${object.bucket}` },
          object: {
            key: encodeS3EventKey(object.key),
            size: object.size,
            eTag: normaliseETag(object.eTag),
            ...(object.contentType ? { contentType: object.contentType } : {}),
          },
        },
      },
    ],
  };
}
