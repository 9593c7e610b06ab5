import type { LakeObjectId } from '@platform/common';
import { Readable } from 'node:stream';

/**
 * Where an object lives, whatever its version. `bucket` is the logical name (e.g. `bronze`); a
 * driver adds its prefix. With the eTag it becomes the object's identity, `LakeObjectId`.
 */
export interface LakeObjectLocation {
  bucket: string;
  key: string;
}

export interface PutObjectParams extends LakeObjectLocation {
  /** A Buffer is sent in one request; a stream is uploaded in parts, never held whole in memory. */
  body: Buffer | Uint8Array | Readable;
  contentType?: string;
}

export interface PutObjectResult {
  /** Without quotes. MD5 hex of the content for single-part writes; `<md5>-<parts>` for multipart S3 uploads. */
  eTag: string;
  size: number;
}

export interface LakeObjectInfo extends LakeObjectId {
  size: number;
  contentType: string;
  lastModified: Date;
}

export interface LakeObject extends LakeObjectInfo {
  /** Read it to the end or destroy it: an unread S3 body holds a connection. */
  body: Readable;
}

export interface ListObjectsParams {
  bucket: string;
  prefix?: string;
  /** Only keys strictly after this one (S3 `StartAfter`). */
  startAfter?: string;
  /** Keys fetched per request under the hood, 1..1000 (default 1000). */
  pageSize?: number;
}

export interface LakeObjectSummary {
  key: string;
  size: number;
  eTag: string;
  lastModified: Date;
}

export interface CopyObjectParams {
  source: LakeObjectLocation;
  target: LakeObjectLocation;
}

export interface DeleteObjectsParams {
  bucket: string;
  keys: readonly string[];
}

/**
 * The data lake (DESIGN.md section 4): S3 in production, a folder on a laptop. Keys follow the
 * same portable rules in both drivers (see `assertValidObjectKey`), and listing is in UTF-8 byte
 * order like S3's. Errors are `LakeError`s; a missing object is a `LakeObjectNotFoundError`.
 */
export interface Lake {
  /** The bucket's name on the server (the configured prefix plus the logical name). */
  bucketName(bucket: string): string;
  /** Creates the buckets that are missing (default: `LAKE_BUCKETS`). */
  ensureBuckets(buckets?: readonly string[]): Promise<void>;
  put(params: PutObjectParams): Promise<PutObjectResult>;
  get(ref: LakeObjectLocation): Promise<LakeObject>;
  head(ref: LakeObjectLocation): Promise<LakeObjectInfo>;
  /** Every object under the prefix, in key order, fetched page by page. */
  list(params: ListObjectsParams): AsyncIterable<LakeObjectSummary>;
  copy(params: CopyObjectParams): Promise<{ eTag: string }>;
  /** Deleting a missing key succeeds, as on S3. */
  delete(ref: LakeObjectLocation): Promise<void>;
  deleteMany(params: DeleteObjectsParams): Promise<void>;
  /** Resolves when the lake answers and the lake's buckets exist (readiness check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
