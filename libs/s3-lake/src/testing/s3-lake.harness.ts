import { DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { readServicesEnv } from '@platform/testing';
import { randomBytes } from 'node:crypto';
import { createS3Client, S3LakeConfig } from '../lib/drivers/s3/create-s3-client.util';
import { createLake } from '../lib/create-lake.factory';
import { LAKE_BUCKETS } from '../lib/lake.constants';
import { Lake } from '../lib/lake.port';
import { LakeHarness } from './lake.contract';

/** The dev S3 server (tools/dev-services) as a lake config; fails, never skips, when it is down. */
function devS3Config(): S3LakeConfig {
  const env = readServicesEnv();
  return {
    kind: 's3',
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY,
    secretAccessKey: env.S3_SECRET_KEY,
  };
}

/** A lake on the dev S3 server with buckets unique to this run, removed by `dispose`. */
export async function createS3LakeHarness(): Promise<LakeHarness> {
  const config = devS3Config();
  const bucketPrefix = `test-${randomBytes(4).toString('hex')}-`;
  const lake = createLake(config, { bucketPrefix });
  try {
    await lake.ensureBuckets();
  } catch (error) {
    await lake.close();
    throw new Error(
      `The S3 server at ${config.endpoint} does not answer (${(error as Error).message}): run \`npm run services:up\``,
      { cause: error },
    );
  }
  const admin = createS3Client(config);
  return {
    lake,
    // S3Proxy's order (see LakeHarness.keyOrder): JavaScript's own string comparison.
    keyOrder: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    dispose: async () => {
      try {
        for (const bucket of LAKE_BUCKETS) await emptyAndDeleteBucket(lake, admin, bucket);
      } finally {
        await lake.close();
        admin.destroy();
      }
    },
  };
}

async function emptyAndDeleteBucket(lake: Lake, admin: S3Client, bucket: string): Promise<void> {
  const keys: string[] = [];
  for await (const item of lake.list({ bucket })) keys.push(item.key);
  await lake.deleteMany({ bucket, keys });
  await admin.send(new DeleteBucketCommand({ Bucket: lake.bucketName(bucket) }));
}
