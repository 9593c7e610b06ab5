import { LakeConfig } from '@platform/app-runtime';
import { FileLake } from './drivers/file/file-lake.driver';
import { createS3Client } from './drivers/s3/create-s3-client.util';
import { S3Lake } from './drivers/s3/s3-lake.driver';
import { Lake } from './lake.port';

export interface CreateLakeOptions {
  /** Put before every bucket name (`test-1a2b-` + `bronze`): isolates tests, namespaces deployments. */
  bucketPrefix?: string;
  /** S3 only: multipart part size and parallel parts for streamed uploads. */
  partSizeBytes?: number;
  uploadQueueSize?: number;
}

/** Picks the lake driver the configuration names (DESIGN.md section 3). */
export function createLake(config: LakeConfig, options: CreateLakeOptions = {}): Lake {
  switch (config.kind) {
    case 'file':
      return new FileLake({ root: config.root, bucketPrefix: options.bucketPrefix });
    case 's3':
      return new S3Lake({ client: createS3Client(config), ...options });
  }
}
