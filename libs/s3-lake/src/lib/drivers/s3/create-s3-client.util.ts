import { S3Client } from '@aws-sdk/client-s3';
import { LakeConfig } from '@platform/app-runtime';

export type S3LakeConfig = Extract<LakeConfig, { kind: 's3' }>;

/** An S3 client for AWS or, with an endpoint, for MinIO/S3Proxy (path-style addressing). */
export function createS3Client(config: S3LakeConfig): S3Client {
  const custom = config.endpoint !== undefined && config.endpoint !== '';
  return new S3Client({
    region: config.region,
    endpoint: custom ? config.endpoint : undefined,
    forcePathStyle: custom,
    credentials:
      config.accessKeyId !== undefined && config.secretAccessKey !== undefined
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined, // the default AWS credential chain
    // Since 3.729 the SDK adds CRC checksums to every upload; S3-compatible servers (S3Proxy,
    // older MinIO) reject or mishandle them, so send them only where S3 requires one.
    requestChecksumCalculation: custom ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    responseChecksumValidation: custom ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
  });
}
