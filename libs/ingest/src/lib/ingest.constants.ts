/** The gateway's settings (`PlatformConfig['ingest']`). */
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');

/** `BronzeBatchWriterOptions` (from INGEST_BATCH_MAX_EVENTS / INGEST_BATCH_MAX_DELAY_MS). */
export const BRONZE_BATCH_OPTIONS = Symbol('BRONZE_BATCH_OPTIONS');

/** `LakeAnnouncerOptions` (from LAKE_NOTIFICATIONS). */
export const LAKE_ANNOUNCER_OPTIONS = Symbol('LAKE_ANNOUNCER_OPTIONS');

/** The `NotificationSender` the announcer publishes through. */
export const NOTIFICATION_SENDER = Symbol('NOTIFICATION_SENDER');

/** Lake buckets the gateway writes (DESIGN.md section 4), by their logical names. */
export const BRONZE_BUCKET = 'bronze';
export const DATASOURCE_BUCKET = 'datasource';

/** `eventSource` of the notifications the gateway sends for its own writes. */
export const INGEST_WRITER = 'platform:ingest-gateway';

/** Content type of the gzip NDJSON objects the gateway writes (the key's `.ndjson.gz` names the format). */
export const GZIP_NDJSON_CONTENT_TYPE = 'application/gzip';

/** Fastify route config flag: the route wants the request body as raw bytes (see `registerEventBodyParsers`). */
export const RAW_EVENTS_BODY = 'rawEventsBody';
