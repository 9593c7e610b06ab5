#!/usr/bin/env node
// The S3 features this platform relies on, checked against the local S3 server (services.env):
// why S3Proxy was chosen (README.md), and what to re-run after bumping it in s3proxy/pom.xml.
//
//   node tools/dev-services/s3-compat.mjs        (needs the servers up and node_modules; ~20 s)
//
// Create/Head/ListBuckets; Put/Get/Head/Copy/DeleteObject; keys with spaces, unicode and
// punctuation; user metadata; ListObjectsV2 over 2,500 keys in pages of 1,000 and with a
// delimiter; a 50 MB multipart upload read back byte for byte; a ranged GET. Uses a fresh bucket
// and deletes it at the end.
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { readEnvFile } from './check.mjs';

process.emitWarning = () => undefined;
const env = readEnvFile();
const s3 = new S3Client({
  endpoint: env.S3_ENDPOINT,
  region: env.S3_REGION,
  forcePathStyle: true,
  credentials: { accessKeyId: env.S3_ACCESS_KEY, secretAccessKey: env.S3_SECRET_KEY },
});
const Bucket = `s3-compat-${Date.now()}`;
const t0 = Date.now();
const ok = (what) => console.log(`ok   ${what}`);
const fail = (what) => {
  throw new Error(what);
};

await s3.send(new CreateBucketCommand({ Bucket }));
await s3.send(new HeadBucketCommand({ Bucket }));
const buckets = await s3.send(new ListBucketsCommand({}));
if (!buckets.Buckets?.some((b) => b.Name === Bucket)) fail('ListBuckets misses the new bucket');
ok('CreateBucket, HeadBucket, ListBuckets');

for (const Key of ['plain.txt', 'with space/a b.txt', 'unicodé/日本語/ключ 🎉.json', 'a+b=c&d?e#f;g,h@i$.txt', 'deep/er/key']) {
  const body = `body of ${Key}`;
  await s3.send(new PutObjectCommand({ Bucket, Key, Body: body, ContentType: 'application/json', Metadata: { origin: 'compat' } }));
  const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
  if ((await got.Body.transformToString()) !== body) fail(`GetObject ${Key}: wrong body`);
  if (got.Metadata?.origin !== 'compat') fail(`GetObject ${Key}: metadata ${JSON.stringify(got.Metadata)}`);
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key }));
  if (head.ContentLength !== Buffer.byteLength(body) || head.ContentType !== 'application/json') fail(`HeadObject ${Key}`);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: Key }));
  if (!listed.Contents?.some((c) => c.Key === Key)) fail(`ListObjectsV2 misses ${Key}`);
  ok(`Put/Get/Head/List ${JSON.stringify(Key)}`);
}

const source = 'unicodé/日本語/ключ 🎉.json';
await s3.send(new CopyObjectCommand({ Bucket, Key: 'copies/копия 1.json', CopySource: encodeURIComponent(`${Bucket}/${source}`) }));
const copy = await s3.send(new GetObjectCommand({ Bucket, Key: 'copies/копия 1.json' }));
if ((await copy.Body.transformToString()) !== `body of ${source}`) fail('CopyObject: wrong body');
await s3.send(new DeleteObjectCommand({ Bucket, Key: 'copies/копия 1.json' }));
const gone = await s3.send(new HeadObjectCommand({ Bucket, Key: 'copies/копия 1.json' })).then(
  () => false,
  (err) => err.$metadata?.httpStatusCode === 404,
);
if (!gone) fail('DeleteObject: object still there');
ok('CopyObject, DeleteObject');

const N = 2500;
let next = 0;
const tPut = Date.now();
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (next < N) {
      const i = next++;
      await s3.send(new PutObjectCommand({ Bucket, Key: `many/k${String(i).padStart(5, '0')}`, Body: 'x' }));
    }
  }),
);
const keys = [];
let pages = 0;
let ContinuationToken;
do {
  const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'many/', MaxKeys: 1000, ContinuationToken }));
  pages++;
  keys.push(...(page.Contents ?? []).map((c) => c.Key));
  ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
} while (ContinuationToken);
if (keys.length !== N || new Set(keys).size !== N || pages !== 3) fail(`ListObjectsV2 pagination: ${keys.length} keys in ${pages} pages`);
if (keys.join() !== [...keys].sort().join()) fail('ListObjectsV2: keys not in order');
const top = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/' }));
const prefixes = (top.CommonPrefixes ?? []).map((p) => p.Prefix).sort();
if (!prefixes.includes('many/') || !prefixes.includes('unicodé/') || !top.Contents?.some((c) => c.Key === 'plain.txt')) fail(`delimiter listing: ${prefixes}`);
ok(`ListObjectsV2: ${N} keys in ${pages} pages (put in ${Date.now() - tPut} ms), delimiter listing`);

const big = randomBytes(50 * 1024 * 1024 + 123);
const Key = 'big/fifty MB 🎉.bin';
const tBig = Date.now();
const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
const Parts = [];
for (let offset = 0, PartNumber = 1; offset < big.length; offset += 10 * 1024 * 1024, PartNumber++) {
  const part = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: big.subarray(offset, offset + 10 * 1024 * 1024) }));
  Parts.push({ ETag: part.ETag, PartNumber });
}
await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }));
const back = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body.transformToByteArray());
if (!back.equals(big)) fail(`multipart: read back ${back.length} bytes that differ`);
const range = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket, Key, Range: 'bytes=1000-1999' }))).Body.transformToByteArray());
if (!range.equals(big.subarray(1000, 2000))) fail('ranged GET: wrong bytes');
ok(`multipart upload of 50 MB in ${Parts.length} parts, read back (${Date.now() - tBig} ms); ranged GET`);

// clean up: every key, then the bucket
for (;;) {
  const page = await s3.send(new ListObjectsV2Command({ Bucket, MaxKeys: 1000 }));
  if (!page.Contents?.length) break;
  await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: page.Contents.map((c) => ({ Key: c.Key })), Quiet: true } }));
}
await s3.send(new DeleteBucketCommand({ Bucket }));
ok('DeleteObjects, DeleteBucket');
console.log(`all S3 checks passed against ${env.S3_ENDPOINT} in ${Date.now() - t0} ms`);
