import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { normaliseETag } from '@platform/common';
import { Readable, Transform } from 'node:stream';
import { LakeObjectNotFoundError } from '../../errors/lake-object-not-found.error';
import { DEFAULT_CONTENT_TYPE, LAKE_BUCKETS } from '../../lake.constants';
import {
  CopyObjectParams,
  DeleteObjectsParams,
  Lake,
  LakeObject,
  LakeObjectInfo,
  LakeObjectLocation,
  LakeObjectSummary,
  ListObjectsParams,
  PutObjectParams,
  PutObjectResult,
} from '../../lake.port';
import { assertValidBucketName } from '../../utils/assert-valid-bucket-name.util';
import { assertValidObjectKey } from '../../utils/assert-valid-object-key.util';
import { assertValidPageSize } from '../../utils/assert-valid-page-size.util';
import { mapS3Error } from './map-s3-error.util';

export interface S3LakeOptions {
  client: S3Client;
  bucketPrefix?: string;
  /** Multipart part size for streamed bodies (S3's minimum, 5 MiB, by default). */
  partSizeBytes?: number;
  /**
   * Parts uploaded at once; a streamed upload holds about `(queueSize + 1) × partSize` bytes in
   * memory, whatever the object's size.
   */
  uploadQueueSize?: number;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;
const DELETE_BATCH = 1000;

/** The production lake on any S3 API (AWS, MinIO, S3Proxy), through the AWS SDK v3. */
export class S3Lake implements Lake {
  private readonly client: S3Client;
  private readonly bucketPrefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3LakeOptions) {
    this.client = options.client;
    this.bucketPrefix = options.bucketPrefix ?? '';
    this.partSize = Math.max(options.partSizeBytes ?? MIN_PART_SIZE, MIN_PART_SIZE);
    this.queueSize = options.uploadQueueSize ?? 2;
  }

  bucketName(bucket: string): string {
    const name = `${this.bucketPrefix}${bucket}`;
    assertValidBucketName(name);
    return name;
  }

  async ensureBuckets(buckets: readonly string[] = LAKE_BUCKETS): Promise<void> {
    for (const bucket of buckets) {
      const Bucket = this.bucketName(bucket);
      try {
        await this.client.send(new HeadBucketCommand({ Bucket }));
        continue;
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status !== 404) throw mapS3Error(error, { operation: 'ensureBuckets', bucket: Bucket });
      }
      try {
        await this.client.send(new CreateBucketCommand({ Bucket }));
      } catch (error) {
        // Another process created it between our HEAD and CREATE.
        if ((error as Error).name === 'BucketAlreadyOwnedByYou') continue;
        throw mapS3Error(error, { operation: 'ensureBuckets', bucket: Bucket });
      }
    }
  }

  async put({ bucket, key, body, contentType = DEFAULT_CONTENT_TYPE }: PutObjectParams): Promise<PutObjectResult> {
    const Bucket = this.bucketName(bucket);
    assertValidObjectKey(key);
    try {
      if (!(body instanceof Readable)) {
        const output = await this.client.send(
          new PutObjectCommand({ Bucket, Key: key, Body: body, ContentLength: body.length, ContentType: contentType }),
        );
        return { eTag: normaliseETag(output.ETag), size: body.length };
      }
      let size = 0;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          done(null, chunk);
        },
      });
      body.once('error', (error) => counted.destroy(error));
      const upload = new Upload({
        client: this.client,
        params: { Bucket, Key: key, Body: body.pipe(counted), ContentType: contentType },
        partSize: this.partSize,
        queueSize: this.queueSize,
        leavePartsOnError: false,
      });
      const output = await upload.done();
      return { eTag: normaliseETag(output.ETag), size };
    } catch (error) {
      throw mapS3Error(error, { operation: 'put', bucket: Bucket, key });
    }
  }

  async get({ bucket, key }: LakeObjectLocation): Promise<LakeObject> {
    const Bucket = this.bucketName(bucket);
    assertValidObjectKey(key);
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket, Key: key }));
      // In Node the SDK's body is the HTTP response stream itself.
      return { ...objectInfoOf(Bucket, key, output), body: output.Body as Readable };
    } catch (error) {
      throw mapS3Error(error, { operation: 'get', bucket: Bucket, key });
    }
  }

  async head({ bucket, key }: LakeObjectLocation): Promise<LakeObjectInfo> {
    const Bucket = this.bucketName(bucket);
    assertValidObjectKey(key);
    try {
      const output = await this.client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return objectInfoOf(Bucket, key, output);
    } catch (error) {
      throw mapS3Error(error, { operation: 'head', bucket: Bucket, key });
    }
  }

  async *list({ bucket, prefix, startAfter, pageSize = 1000 }: ListObjectsParams): AsyncIterable<LakeObjectSummary> {
    assertValidPageSize(pageSize);
    const Bucket = this.bucketName(bucket);
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize },
      { Bucket, Prefix: prefix || undefined, StartAfter: startAfter || undefined },
    );
    try {
      for await (const page of pages) {
        for (const item of page.Contents ?? []) {
          yield {
            key: item.Key ?? '',
            size: item.Size ?? 0,
            eTag: normaliseETag(item.ETag),
            lastModified: item.LastModified ?? new Date(0),
          };
        }
      }
    } catch (error) {
      throw mapS3Error(error, { operation: 'list', bucket: Bucket });
    }
  }

  async copy({ source, target }: CopyObjectParams): Promise<{ eTag: string }> {
    const from = { Bucket: this.bucketName(source.bucket), Key: source.key };
    const Bucket = this.bucketName(target.bucket);
    assertValidObjectKey(source.key);
    assertValidObjectKey(target.key);
    try {
      const output = await this.client.send(
        new CopyObjectCommand({ Bucket, Key: target.key, CopySource: `${from.Bucket}/${encodeKey(from.Key)}` }),
      );
      return { eTag: normaliseETag(output.CopyObjectResult?.ETag) };
    } catch (error) {
      const name = (error as Error).name;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (name === 'NoSuchBucket' || name === 'NoSuchKey' || status === 404) {
        // Say which side is missing: the source bucket, the target bucket, else the source key.
        await this.assertBucketExists(from.Bucket);
        await this.assertBucketExists(Bucket);
        throw new LakeObjectNotFoundError(from.Bucket, from.Key, { cause: error });
      }
      throw mapS3Error(error, { operation: 'copy', bucket: Bucket, key: target.key });
    }
  }

  async delete({ bucket, key }: LakeObjectLocation): Promise<void> {
    const Bucket = this.bucketName(bucket);
    assertValidObjectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    } catch (error) {
      throw mapS3Error(error, { operation: 'delete', bucket: Bucket, key });
    }
  }

  async deleteMany({ bucket, keys }: DeleteObjectsParams): Promise<void> {
    const Bucket = this.bucketName(bucket);
    keys.forEach(assertValidObjectKey);
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const Objects = keys.slice(start, start + DELETE_BATCH).map((Key) => ({ Key }));
      let output;
      try {
        output = await this.client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }));
      } catch (error) {
        throw mapS3Error(error, { operation: 'deleteMany', bucket: Bucket });
      }
      const failed = output.Errors ?? [];
      const [first] = failed;
      if (first !== undefined) {
        throw mapS3Error(
          { name: first.Code, message: `${failed.length} key(s) not deleted, first: ${first.Message}` },
          { operation: 'deleteMany', bucket: Bucket, key: first.Key },
        );
      }
    }
  }

  async ping(): Promise<void> {
    for (const bucket of LAKE_BUCKETS) await this.assertBucketExists(this.bucketName(bucket));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private async assertBucketExists(Bucket: string): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      throw mapS3Error(status === 404 ? { name: 'NoSuchBucket' } : error, { operation: 'head bucket', bucket: Bucket });
    }
  }
}

/** `CopySource` is URL-encoded; the `/` between segments stays as it is. */
function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** What GetObject and HeadObject both answer about an object. */
function objectInfoOf(
  bucket: string,
  key: string,
  output: { ContentLength?: number; ETag?: string; ContentType?: string; LastModified?: Date },
): LakeObjectInfo {
  return {
    bucket,
    key,
    size: output.ContentLength ?? 0,
    eTag: normaliseETag(output.ETag),
    contentType: output.ContentType ?? DEFAULT_CONTENT_TYPE,
    lastModified: output.LastModified ?? new Date(0),
  };
}
