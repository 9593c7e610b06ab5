import { gunzipSync } from 'node:zlib';

/** The part of `@platform/s3-lake`'s `Lake` these helpers use (test infrastructure depends on no lib). */
interface ReadableLake {
  get(ref: { bucket: string; key: string }): Promise<{ body: AsyncIterable<unknown> }>;
  list(params: { bucket: string; prefix?: string }): AsyncIterable<{ key: string }>;
}

/** The records of a gzip NDJSON lake object. */
export async function readGzipNdjson(lake: ReadableLake, bucket: string, key: string): Promise<Record<string, unknown>[]> {
  const object = await lake.get({ bucket, key });
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(chunk as Buffer);
  const text = gunzipSync(Buffer.concat(chunks)).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every key under the prefix, in order. */
export async function listKeys(lake: ReadableLake, bucket: string, prefix?: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of lake.list({ bucket, prefix })) keys.push(object.key);
  return keys;
}
