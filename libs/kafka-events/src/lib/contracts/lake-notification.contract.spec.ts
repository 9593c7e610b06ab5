import { itemAt } from '@platform/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageCodec } from '../codec/message-codec';
import { MessageValidationError } from '../errors/message-validation.error';
import { lakeObjectCreatedNotification } from './lake-notification.builder';
import { DATA_STREAMING_TOPIC, LakeNotification } from './lake-notification.contract';
import { decodeS3EventKey, encodeS3EventKey } from './s3-event-key';

const MINIO_PUT = readFileSync(join(__dirname, 'fixtures', 'minio-object-created-put.json'));
const FIXTURE_KEY = 'bronze/events/dt=2019-10-01/hour=00/Oct 2019 export – Müller café ☕ (1).csv.gz';

const codec = new MessageCodec();
const decode = (raw: Buffer | string) => codec.decode(DATA_STREAMING_TOPIC, raw);
const minioPut = (): LakeNotification => JSON.parse(MINIO_PUT.toString('utf8'));

function validationError(action: () => unknown): MessageValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof MessageValidationError) return error;
    throw error;
  }
  throw new Error('expected a MessageValidationError');
}

describe('lake notification (data_streaming)', () => {
  it('parses the MinIO Kafka message: bucket, decoded key (spaces, unicode), size, eTag', () => {
    expect(decode(MINIO_PUT)).toEqual([
      { bucket: 'bronze', key: FIXTURE_KEY, size: 48213, eTag: '9b2cf535f27731c974343645a3985328' },
    ]);
  });

  it('decodes the record key exactly as MinIO encoded it (its top-level Key is the decoded one)', () => {
    const message = minioPut();
    expect(message.Key).toBe(`bronze/${FIXTURE_KEY}`);
    expect(encodeS3EventKey(FIXTURE_KEY)).toBe(itemAt(message.Records, 0).s3.object.key);
    expect(decodeS3EventKey('red+flower.jpg')).toBe('red flower.jpg');
    expect(decodeS3EventKey('a%2Bb%2Fc')).toBe('a+b/c');
  });

  it('parses AWS S3 records too (no top-level fields, no "s3:" prefix, quoted eTag normalised)', () => {
    const aws = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:CompleteMultipartUpload',
          s3: { bucket: { name: 'bronze' }, object: { key: 'x/red+flower.ndjson', size: 10, eTag: '"abc-2"' } },
        },
      ],
    };
    expect(decode(JSON.stringify(aws))).toEqual([{ bucket: 'bronze', key: 'x/red flower.ndjson', size: 10, eTag: 'abc-2' }]);
  });

  it('ignores events that create no new content (removals, tagging, access)', () => {
    const records = ['s3:ObjectRemoved:Delete', 's3:ObjectCreated:PutTagging', 's3:ObjectAccessed:Get'].map((eventName) => ({
      eventName,
      s3: { bucket: { name: 'bronze' }, object: { key: 'a.csv' } },
    }));
    expect(decode(JSON.stringify({ EventName: 's3:ObjectRemoved:Delete', Key: 'bronze/a.csv', Records: records }))).toEqual([]);
  });

  it('reads a zero-byte object, whose size MinIO omits', () => {
    const message = minioPut();
    delete itemAt(message.Records, 0).s3.object.size;
    expect(decode(JSON.stringify(message))[0]?.size).toBe(0);
  });

  it('names the field and rule of an invalid record', () => {
    const noBucket = minioPut() as unknown as { Records: { s3: { bucket: { name?: string } } }[] };
    delete itemAt(noBucket.Records, 0).s3.bucket.name;
    expect(validationError(() => decode(JSON.stringify(noBucket)))).toMatchObject({
      topic: DATA_STREAMING_TOPIC,
      field: 'Records[0].s3.bucket.name',
      rule: 'invalid_type',
    });

    const badEncoding = minioPut();
    itemAt(badEncoding.Records, 0).s3.object.key = 'bronze%2Fbad%E2%80.csv';
    expect(validationError(() => decode(JSON.stringify(badEncoding)))).toMatchObject({
      field: 'Records[0].s3.object.key',
      rule: 'url_encoding',
      value: 'bronze%2Fbad%E2%80.csv',
    });

    const noETag = minioPut();
    delete itemAt(noETag.Records, 0).s3.object.eTag;
    expect(validationError(() => decode(JSON.stringify(noETag)))).toMatchObject({ field: 'Records[0].s3.object.eTag', rule: 'required' });

    const negativeSize = minioPut();
    itemAt(negativeSize.Records, 0).s3.object.size = -1;
    expect(validationError(() => decode(JSON.stringify(negativeSize))).message).toMatch(
      /invalid message on topic "data_streaming": Records\[0\]\.s3\.object\.size: .*\[rule: too_small\]/,
    );
  });

  it('rejects empty and oversized notifications', () => {
    expect(validationError(() => decode('{"Records":[]}'))).toMatchObject({ field: 'Records', rule: 'too_small' });
    const record = { eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: 'k', eTag: 'e' } } };
    const many = { Records: Array.from({ length: 1001 }, () => record) };
    expect(validationError(() => decode(JSON.stringify(many)))).toMatchObject({ field: 'Records', rule: 'too_big' });
    // Past Kafka's message size, nothing is parsed at all.
    const huge = { Records: Array.from({ length: 900 }, () => minioPut().Records[0]) };
    expect(validationError(() => decode(JSON.stringify(huge)))).toMatchObject({ field: '', rule: 'max_bytes' });
  });

  it('builds, for lakes that cannot notify, the message MinIO would send, which parses back to the object', () => {
    const object = { bucket: 'bronze', key: FIXTURE_KEY, size: 48213, eTag: '"9b2cf535f27731c974343645a3985328"' };
    const message = lakeObjectCreatedNotification({ ...object, eventTime: new Date('2024-05-06T14:03:27.541Z'), writer: 'platform:ingest-gateway' });
    const minio = minioPut();
    expect(message.EventName).toBe(minio.EventName);
    expect(message.Key).toBe(minio.Key);
    expect(message.Records[0]).toMatchObject({
      eventName: itemAt(minio.Records, 0).eventName,
      eventTime: itemAt(minio.Records, 0).eventTime,
      s3: { bucket: { name: 'bronze' }, object: { key: itemAt(minio.Records, 0).s3.object.key, size: 48213, eTag: '9b2cf535f27731c974343645a3985328' } },
    });
    const encoded = codec.encode(DATA_STREAMING_TOPIC, message);
    expect(encoded.key).toBe(`bronze/${FIXTURE_KEY}`);
    expect(decode(encoded.value)).toEqual(decode(MINIO_PUT));
  });

  it('keys each object by bucket/key, as MinIO keys its Kafka messages', () => {
    expect(codec.encode(DATA_STREAMING_TOPIC, minioPut()).key).toBe(minioPut().Key);
  });
});
