import { itemAt } from '@platform/common';
import { Stats } from 'node:fs';
import { mkdir, open, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { LakeBucketNotFoundError } from '../../errors/lake-bucket-not-found.error';
import { LakeKeyConflictError } from '../../errors/lake-key-conflict.error';
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
import { currentMeta, FileObjectMeta, readFileObjectMeta } from './file-object-meta';
import { hasErrorCode, mapFileError } from './map-file-error.util';
import { md5OfFile } from './md5-of-file.util';
import { walkObjectFiles } from './walk-object-files.util';
import { TempFile, writeTempFile } from './write-temp-file.util';

export interface FileLakeOptions {
  /** Folder holding one folder per bucket (relative paths resolve against the working directory). */
  root: string;
  bucketPrefix?: string;
}

/** Not a valid bucket name (it starts with "."), so it never collides with a bucket folder. */
const META_FOLDER = '.lake-meta';

interface ObjectPaths {
  bucket: string;
  key: string;
  data: string;
  meta: string;
  bucketFolder: string;
  metaBucketFolder: string;
}

/**
 * The embedded lake (`LAKE_URL=file://...`): one folder per bucket, keys with `/` as subfolders,
 * writes made visible atomically by a rename, eTags the MD5 of the content like S3's single-part
 * eTags, content types in a hidden sidecar tree.
 */
export class FileLake implements Lake {
  private readonly root: string;
  private readonly bucketPrefix: string;

  constructor(options: FileLakeOptions) {
    this.root = resolve(options.root);
    this.bucketPrefix = options.bucketPrefix ?? '';
  }

  bucketName(bucket: string): string {
    const name = `${this.bucketPrefix}${bucket}`;
    assertValidBucketName(name);
    return name;
  }

  async ensureBuckets(buckets: readonly string[] = LAKE_BUCKETS): Promise<void> {
    for (const bucket of buckets) {
      const name = this.bucketName(bucket);
      try {
        await mkdir(join(this.root, name), { recursive: true });
        await mkdir(join(this.root, META_FOLDER, name), { recursive: true });
      } catch (error) {
        throw mapFileError(error, 'ensureBuckets', name);
      }
    }
  }

  async put({ bucket, key, body, contentType }: PutObjectParams): Promise<PutObjectResult> {
    const paths = this.pathsOf({ bucket, key });
    await this.assertBucketExists(paths);
    return this.writeObject(paths, body, contentType ?? DEFAULT_CONTENT_TYPE, 'put');
  }

  async get(ref: LakeObjectLocation): Promise<LakeObject> {
    const paths = this.pathsOf(ref);
    let handle;
    try {
      handle = await open(paths.data, 'r');
    } catch (error) {
      throw await this.readError(error, paths, 'get');
    }
    try {
      const stats = await handle.stat();
      // Opening a folder succeeds on Linux: key "a" when only "a/..." exists is not an object.
      if (!stats.isFile()) throw new LakeObjectNotFoundError(paths.bucket, paths.key);
      const info = await this.infoOf(paths, stats);
      return { ...info, body: handle.createReadStream() };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw await this.readError(error, paths, 'get');
    }
  }

  async head(ref: LakeObjectLocation): Promise<LakeObjectInfo> {
    const paths = this.pathsOf(ref);
    try {
      const stats = await stat(paths.data);
      if (!stats.isFile()) throw new LakeObjectNotFoundError(paths.bucket, paths.key);
      return await this.infoOf(paths, stats);
    } catch (error) {
      throw await this.readError(error, paths, 'head');
    }
  }

  async *list({ bucket, prefix = '', startAfter, pageSize = 1000 }: ListObjectsParams): AsyncIterable<LakeObjectSummary> {
    assertValidPageSize(pageSize);
    const name = this.bucketName(bucket);
    const bucketFolder = join(this.root, name);
    await this.assertBucketExists({ bucket: name, bucketFolder });
    for await (const file of walkObjectFiles(bucketFolder, prefix, startAfter)) {
      let stats: Stats;
      try {
        stats = await stat(file.path);
      } catch (error) {
        if (hasErrorCode(error, 'ENOENT')) continue; // deleted while listing
        throw mapFileError(error, 'list', `${name}/${file.key}`);
      }
      const info = await this.infoOf(this.pathsOf({ bucket, key: file.key }), stats);
      yield { key: file.key, size: info.size, eTag: info.eTag, lastModified: info.lastModified };
    }
  }

  async copy({ source, target }: CopyObjectParams): Promise<{ eTag: string }> {
    const from = await this.get(source);
    try {
      const paths = this.pathsOf(target);
      await this.assertBucketExists(paths);
      const { eTag } = await this.writeObject(paths, from.body, from.contentType, 'copy');
      return { eTag };
    } finally {
      from.body.destroy();
    }
  }

  async delete(ref: LakeObjectLocation): Promise<void> {
    const paths = this.pathsOf(ref);
    await this.assertBucketExists(paths);
    try {
      await rm(paths.data, { force: true });
      await rm(paths.meta, { force: true });
      await pruneEmptyFolders(dirname(paths.data), paths.bucketFolder);
      await pruneEmptyFolders(dirname(paths.meta), paths.metaBucketFolder);
    } catch (error) {
      // rm of a folder ("a" while "a/x" exists): there is no object "a" to delete, as on S3.
      if (hasErrorCode(error, 'EISDIR', 'ERR_FS_EISDIR', 'ENOTDIR')) return;
      throw mapFileError(error, 'delete', `${paths.bucket}/${paths.key}`);
    }
  }

  async deleteMany({ bucket, keys }: DeleteObjectsParams): Promise<void> {
    // A few deletes at a time: each is several small filesystem calls.
    let next = 0;
    const deleteNext = async (): Promise<void> => {
      while (next < keys.length) await this.delete({ bucket, key: itemAt(keys, next++) });
    };
    await Promise.all(Array.from({ length: Math.min(16, keys.length) }, deleteNext));
  }

  async ping(): Promise<void> {
    for (const bucket of LAKE_BUCKETS) {
      const name = this.bucketName(bucket);
      await this.assertBucketExists({ bucket: name, bucketFolder: join(this.root, name) });
    }
  }

  async close(): Promise<void> {
    // Nothing held open between calls.
  }

  /** Data and sidecar go to temporary files first; renames make them visible, data first. */
  private async writeObject(
    paths: ObjectPaths,
    body: PutObjectParams['body'],
    contentType: string,
    operation: string,
  ): Promise<PutObjectResult> {
    let data: TempFile | undefined;
    let meta: TempFile | undefined;
    try {
      data = await writeTempFile(paths.data, body);
      const sidecar: FileObjectMeta = {
        contentType,
        eTag: data.md5,
        size: data.size,
        ino: data.ino,
        mtimeMs: data.mtimeMs,
      };
      meta = await writeTempFile(paths.meta, Buffer.from(JSON.stringify(sidecar)));
      await rename(data.path, paths.data);
      data = undefined;
      await rename(meta.path, paths.meta);
      meta = undefined;
      return { eTag: sidecar.eTag, size: sidecar.size };
    } catch (error) {
      throw this.writeError(error, paths, operation);
    } finally {
      await Promise.all([data && rm(data.path, { force: true }), meta && rm(meta.path, { force: true })]);
    }
  }

  private async infoOf(paths: ObjectPaths, stats: Stats): Promise<LakeObjectInfo> {
    const meta = currentMeta(await readFileObjectMeta(paths.meta), stats);
    return {
      bucket: paths.bucket,
      key: paths.key,
      size: stats.size,
      eTag: meta?.eTag ?? (await md5OfFile(paths.data)),
      contentType: meta?.contentType ?? DEFAULT_CONTENT_TYPE,
      lastModified: stats.mtime,
    };
  }

  private pathsOf({ bucket, key }: LakeObjectLocation): ObjectPaths {
    const name = this.bucketName(bucket);
    assertValidObjectKey(key);
    const bucketFolder = join(this.root, name);
    const metaBucketFolder = join(this.root, META_FOLDER, name);
    const data = join(bucketFolder, ...key.split('/'));
    // assertValidObjectKey already refuses ".." segments; this guards the guard.
    if (!data.startsWith(bucketFolder + sep)) throw new Error(`Key ${JSON.stringify(key)} escapes the bucket folder`);
    return { bucket: name, key, data, meta: join(metaBucketFolder, ...key.split('/')), bucketFolder, metaBucketFolder };
  }

  private async assertBucketExists({ bucket, bucketFolder }: { bucket: string; bucketFolder: string }): Promise<void> {
    try {
      if ((await stat(bucketFolder)).isDirectory()) return;
    } catch (error) {
      if (!hasErrorCode(error, 'ENOENT', 'ENOTDIR')) throw mapFileError(error, 'stat', bucket);
    }
    throw new LakeBucketNotFoundError(bucket);
  }

  /** A missing file is a missing object, or a missing bucket when its folder is gone too (as S3 says). */
  private async readError(error: unknown, paths: ObjectPaths, operation: string): Promise<Error> {
    if (error instanceof LakeObjectNotFoundError || hasErrorCode(error, 'ENOENT', 'ENOTDIR', 'EISDIR')) {
      await this.assertBucketExists(paths);
      return error instanceof LakeObjectNotFoundError
        ? error
        : new LakeObjectNotFoundError(paths.bucket, paths.key, { cause: error });
    }
    return mapFileError(error, operation, `${paths.bucket}/${paths.key}`);
  }

  private writeError(error: unknown, paths: ObjectPaths, operation: string): Error {
    if (hasErrorCode(error, 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY')) {
      return new LakeKeyConflictError(paths.bucket, paths.key, { cause: error });
    }
    return mapFileError(error, operation, `${paths.bucket}/${paths.key}`);
  }
}

/** Removes the folders a deleted key leaves empty, up to (not including) the bucket folder. */
async function pruneEmptyFolders(folder: string, stopAt: string): Promise<void> {
  for (let current = folder; current !== stopAt && current.startsWith(stopAt + sep); current = dirname(current)) {
    try {
      await rmdir(current);
    } catch (error) {
      if (hasErrorCode(error, 'ENOTEMPTY', 'EEXIST', 'ENOENT')) return;
      throw error;
    }
  }
}
