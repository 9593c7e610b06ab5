/**
 * An object's identity in the lake (DESIGN.md section 4): its bucket, its key, and its eTag, which
 * tells two versions of one key apart. The processed-objects table, the Redis guard, the event id
 * and the dead letter all name an object by it.
 */
export interface LakeObjectId {
  bucket: string;
  key: string;
  /** Bare, as `normaliseETag` makes it. */
  eTag: string;
}

/** S3 sends eTags in quotes (`"9e10..."`, weak ones as `W/"..."`); the platform keeps them bare. */
export function normaliseETag(eTag: string | undefined): string {
  return (eTag ?? '').replace(/^(?:W\/)?"?(.*?)"?$/, '$1');
}

/** `bucket/key#eTag`: an object's identity as text, in event ids, guards and logs. */
export function lakeObjectIdText(id: LakeObjectId): string {
  return `${id.bucket}/${id.key}#${id.eTag}`;
}
