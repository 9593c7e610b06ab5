import { LakeObjectId, normaliseETag } from '@platform/common';
import { z } from 'zod';
import { defineContract } from './message-contract';
import { decodeS3EventKey } from './s3-event-key';

/** Lake notifications: one message per created object (DESIGN.md sections 4 and 9). */
export const DATA_STREAMING_TOPIC = 'data_streaming';
/** Version of our reading of the S3/MinIO event format (the format itself is not ours). */
const LAKE_NOTIFICATION_SCHEMA_VERSION = 1;

/** What a handler of `data_streaming` receives: one entry per created object, key decoded. */
export interface LakeObjectCreated extends LakeObjectId {
  size: number;
}

/**
 * New content only. MinIO also files tag/retention/legal-hold/encryption changes under
 * `s3:ObjectCreated:*` (PutTagging...), which do not change the bytes: ignored like every other
 * event. AWS writes the names without the `s3:` prefix.
 */
const OBJECT_CREATED = /^(?:s3:)?ObjectCreated:(?:Put|Post|Copy|CompleteMultipartUpload)$/;

const MAX_RECORDS = 1000;

const s3ObjectSchema = z.object({
  key: z.string().min(1).max(4096),
  // Go's encoder omits zero values (`size,omitempty`): an empty object has no size field.
  size: z.number().int().nonnegative().optional(),
  eTag: z.string().max(256).optional(),
  contentType: z.string().optional(),
  userMetadata: z.record(z.string(), z.string()).optional(),
  versionId: z.string().optional(),
  sequencer: z.string().optional(),
});

const s3RecordSchema = z.object({
  eventVersion: z.string().optional(),
  eventSource: z.string().optional(),
  awsRegion: z.string().optional(),
  eventTime: z.string().optional(),
  eventName: z.string().min(1),
  userIdentity: z.object({ principalId: z.string() }).optional(),
  requestParameters: z.record(z.string(), z.string()).optional(),
  responseElements: z.record(z.string(), z.string()).optional(),
  s3: z.object({
    s3SchemaVersion: z.string().optional(),
    configurationId: z.string().optional(),
    bucket: z.object({
      name: z.string().min(1).max(255),
      ownerIdentity: z.object({ principalId: z.string() }).optional(),
      arn: z.string().optional(),
    }),
    object: s3ObjectSchema,
  }),
  source: z.object({ host: z.string(), port: z.string(), userAgent: z.string() }).partial().optional(),
});

/** The S3 event as MinIO's Kafka target sends it (`EventName`, `Key`, `Records`), or AWS's (`Records`). */
const s3EventNotificationSchema = z.object({
  EventName: z.string().optional(),
  Key: z.string().optional(),
  Records: z.array(s3RecordSchema).min(1).max(MAX_RECORDS),
});

/** The wire format, as producers (MinIO, or the gateway through the builder) write it. */
export type LakeNotification = z.input<typeof s3EventNotificationSchema>;

const lakeNotificationSchema = s3EventNotificationSchema.transform((notification, ctx) => {
  const created: LakeObjectCreated[] = [];
  notification.Records.forEach((record, index) => {
    if (!OBJECT_CREATED.test(record.eventName)) return;
    const { bucket, object } = record.s3;
    const path = ['Records', index, 's3', 'object'];
    let key: string;
    try {
      key = decodeS3EventKey(object.key);
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'key'],
        input: object.key,
        message: 'not a valid URL-encoded object key',
        params: { rule: 'url_encoding' },
      });
      return;
    }
    if (!object.eTag) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'eTag'],
        message: 'an ObjectCreated record needs the eTag (it identifies this version of the object)',
        params: { rule: 'required' },
      });
      return;
    }
    created.push({ bucket: bucket.name, key, size: object.size ?? 0, eTag: normaliseETag(object.eTag) });
  });
  return created;
});

export const lakeNotificationContract = defineContract({
  topic: DATA_STREAMING_TOPIC,
  schemaVersion: LAKE_NOTIFICATION_SCHEMA_VERSION,
  schema: lakeNotificationSchema,
  // MinIO keys its Kafka messages by `bucket/key`; the same here keeps one object's events ordered.
  keyOf: (objects) => (objects[0] ? `${objects[0].bucket}/${objects[0].key}` : undefined),
});
