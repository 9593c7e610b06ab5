import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { readServicesEnv } from '@platform/testing';
import { reachable } from './reachable';

describe('S3 (tools/dev-services)', () => {
  const env = readServicesEnv();
  const bucket = 'dev-services-smoke';
  const s3 = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY, secretAccessKey: env.S3_SECRET_KEY },
    maxAttempts: 2,
  });

  beforeAll(async () => {
    await reachable('S3', env.S3_ENDPOINT, async () => {
      try {
        await s3.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (err) {
        if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw err;
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      }
    });
  });

  afterAll(() => s3.destroy());

  it('puts an object and gets it back', async () => {
    const key = `smoke/${Date.now()} ключ 🎉.txt`;
    const body = JSON.stringify({ hello: 'from the smoke test', key });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await got.Body?.transformToString()).toBe(body);
    expect(got.ContentType).toBe('application/json');
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  });
});
